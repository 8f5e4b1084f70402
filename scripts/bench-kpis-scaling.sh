#!/usr/bin/env bash
# Issue 15's scaling table: `rappel kpis` on 1, 2, 5 and 10 million invoices (the generator
# at 50 k, 100 k, 250 k and 500 k customers, seed 1), time and peak memory per invoice
# against the 1 M figures. Generates missing portfolios into target/bench-data (10 M is
# ~1.2 GB of CSV; generating it takes about a minute). See BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/dist.sh
for spec in "1m 50000 1000000" "2m 100000 2000000" "5m 250000 5000000" "10m 500000 10000000"; do
  set -- $spec
  if [ ! -f "target/bench-data/$1/invoices.csv" ]; then
    target/dist/rappel generate --out "target/bench-data/$1" --customers "$2" --invoices "$3" --seed 1
  fi
done
python3 tests/bench/kpis_scaling.py target/dist/rappel target/bench-data 2026-06-01 2026-06-30 "${RUNS:-3}"
