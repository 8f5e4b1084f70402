#!/usr/bin/env bash
# The runs whose profile optimises the CLI as distributed (scripts/dist.sh): every workflow's
# command, on portfolios the generator makes here (not the benchmark's: another seed and
# size) and on the project's own test files (Peppol invoices and responses, the IBM export
# through its mapping), so that every workflow's code is measured, not only the KPIs'.
# A command whose code is never run would be laid out as cold and could get slower.
# Every command must succeed: a run that failed (a renamed option, say) would leave its
# workflow out of the profile without a word, so the script stops with its error instead;
# scripts/test.sh runs it on a small portfolio with the debug CLI to keep it in step.
# Usage: [PGO_TRAIN_INVOICES=N] pgo-train.sh RAPPEL_BIN WORK_DIR   (N: 200 000 by default)
set -euo pipefail
bin=$(realpath "$1")
mkdir -p "$2"
work=$(realpath "$2")
cd "$(dirname "$0")/.."
invoices=${PGO_TRAIN_INVOICES:-200000}
p=$work/portfolio
b=$work/bank
rm -rf "$p" "$b"
"$bin" generate --out "$p" --customers $((invoices / 10)) --invoices "$invoices" --seed 11 > /dev/null 2>&1
"$bin" generate --out "$b" --customers 600 --invoices 6000 --seed 13 --bank 30 > /dev/null 2>&1
# A copy with damaged rows, so that the refusals' paths are measured too.
d=$work/damaged
rm -rf "$d" && cp -r "$p" "$d"
{
  head -2 "$p/invoices.csv" | tail -1
  echo "BROKEN1,C000001,2026-13-01,2026-14-01,12.00"
} >> "$d/invoices.csv"
head -2 "$p/payments.csv" | tail -1 >> "$d/payments.csv"

run() {
  "$bin" "$@" > /dev/null 2> "$work/stderr" || {
    echo "pgo-train.sh: rappel $* failed (exit $?):" >&2
    cat "$work/stderr" >&2
    exit 1
  }
}
for data in "$p" "$d" "$b"; do
  run kpis --data "$data" --from 2026-06-01 --to 2026-06-30 --trend 12
  run kpis --data "$data" --from 2026-04-01 --to 2026-06-30 --format table
  for policy in examples/policies/*.toml; do
    run dunning --data "$data" --policy "$policy" --as-of 2026-06-30
    run worklist --data "$data" --policy "$policy" --as-of 2026-06-30
  done
  run forecast --data "$data" --as-of 2026-06-30
  run forecast --data "$data" --as-of 2026-06-30 --backtest 2026-03-31
  run disputes --data "$data" --as-of 2026-06-30
  run statement --data "$data" --customer C000001 --as-of 2026-06-30 --policy examples/policies/wholesale.toml
  run check-credit --data "$data" --customer C000002 --amount 1000 --as-of 2026-06-30
  run accept --data "$data" --policy examples/policies/wholesale.toml --as-of 2026-06-30 --all
done
run check-policy examples/policies/wholesale.toml
run kpis --data tests/data/ibm --mapping examples/mappings/ibm-accounts-receivable.toml \
  --from 2013-01-01 --to 2013-12-31
rm -rf "$work/ubl" && run import-ubl --out "$work/ubl" tests/data/peppol/invoices/*.xml
r=$work/responses
rm -rf "$r" && cp -r "$b" "$r" && run import-imr --data "$r" tests/data/peppol/invoice-responses/*.xml
run import-bank --data "$b" --format table "$b"/camt053-*.xml "$b"/coda-*.cod
run import-bank --data "$b" "$b"/camt053-*.xml "$b"/coda-*.cod
run simulate --data "$b" --as-of 2026-06-30 --policy examples/policies/wholesale.toml \
  --levers examples/levers/stricter.toml --runs 20
run fees --creditor-country BE --debtor-country BE --b2c --principal 1000 --due 2026-03-31 --as-of 2026-06-30
run fees --creditor-country NL --debtor-country NL --principal 2500 --due 2026-03-31 --as-of 2026-06-30
