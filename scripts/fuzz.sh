#!/usr/bin/env bash
# Coverage-guided fuzzing of every input Rappel reads (fuzz/, cargo-fuzz + libFuzzer with
# AddressSanitizer). The stable toolchain is asked for libFuzzer's instrumentation with
# RUSTC_BOOTSTRAP=1 (cargo-fuzz passes -Zsanitizer); no nightly is installed.
#
#   scripts/fuzz.sh                 smoke: every target for FUZZ_SECONDS (default 20) s
#   FUZZ_SECONDS=3600 scripts/fuzz.sh bank    one target for an hour
#
# Seed corpora come from the repository's examples and ../shared/data (public files) and a
# small generated portfolio; they grow in target/fuzz-corpus/TARGET. A crash, panic, leak
# or timeout stops the target with its input in target/fuzz-artifacts/TARGET and fails
# the script; each one found becomes a regression test.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --version 0.13.2 --locked
SECONDS_EACH=${FUZZ_SECONDS:-20}
TARGETS=("$@")
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=(portfolio mapping peppol bank policy history)
ROOT=$PWD
SHARED=$ROOT/../shared/data
CORPUS=$ROOT/target/fuzz-corpus
ARTIFACTS=$ROOT/target/fuzz-artifacts
export RUSTC_BOOTSTRAP=1
(cd fuzz && cargo fuzz build --target-dir ../target/fuzz)

seed() { # seed TARGET FILE...
  mkdir -p "$CORPUS/$1"
  local t=$1; shift
  for f in "$@"; do [ -f "$f" ] && cp "$f" "$CORPUS/$t/seed-$(basename "$f")"; done
  return 0
}
join_rs() { # files joined by 0x1E
  local first=1
  for f in "$@"; do
    [ $first = 1 ] || printf '\x1e'
    first=0
    cat "$f"
  done
}
if [ ! -d "$CORPUS" ]; then
  # The test run has built the CLI; build it only when it has not (same features).
  [ -x target/debug/rappel ] || cargo build -q --workspace --bin rappel
  gen=$(mktemp -d)
  target/debug/rappel generate --out "$gen" --customers 8 --invoices 60 --seed 3 2>/dev/null
  target/debug/rappel dunning --data "$gen" --policy examples/policies/wholesale.toml \
    --as-of 2026-06-30 --record "$gen/actions.csv" >/dev/null
  mkdir -p "$CORPUS/portfolio" "$CORPUS/mapping"
  (cd "$gen" && join_rs customers.csv invoices.csv payments.csv orders.csv disputes.csv \
    write_offs.csv payment_plans.csv promises.csv) > "$CORPUS/portfolio/seed-generated"
  { cat examples/mappings/ibm-accounts-receivable.toml; printf '\x1e'
    head -n 40 "$SHARED/ibm-accounts-receivable/WA_Fn-UseC_-Accounts-Receivable.csv"; } \
    > "$CORPUS/mapping/seed-ibm"
  seed peppol "$SHARED"/peppol/invoices/* "$SHARED"/peppol/invoice-responses/* \
    "$SHARED"/einvoice/ubl-en16931/*
  seed bank "$SHARED"/bank/camt/* "$SHARED"/bank/coda/*
  seed policy examples/policies/*
  seed history "$gen/actions.csv"
  rm -rf "$gen"
fi

for t in "${TARGETS[@]}"; do
  mkdir -p "$CORPUS/$t" "$ARTIFACTS/$t"
  # A portfolio is read and run through KPIs, dunning and a credit check: small inputs.
  max_len=262144
  [ "$t" = portfolio ] && max_len=16384
  echo "fuzz $t: ${SECONDS_EACH}s"
  (cd fuzz && cargo fuzz run --target-dir ../target/fuzz "$t" "$CORPUS/$t" -- \
    -max_total_time="$SECONDS_EACH" -rss_limit_mb=2048 -timeout=10 -max_len="$max_len" \
    -artifact_prefix="$ARTIFACTS/$t/" -print_final_stats=1 2>&1) \
    | grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb|#[0-9]+ +DONE)|ERROR|panicked|SUMMARY' || true
  if ls "$ARTIFACTS/$t"/* >/dev/null 2>&1; then
    echo "fuzz $t: FAILED — inputs in $ARTIFACTS/$t" >&2
    exit 1
  fi
done
