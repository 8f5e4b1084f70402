#!/usr/bin/env bash
# The main job: builds Rappel and shows the KPIs of the embedded demo portfolio
# (2,000 customers, 50,000 invoices, seed 42, data up to 2026-06-30) with a 12-month trend.
# Extra arguments are passed to `rappel kpis` (e.g. --format json, --from/--to).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet -p rappel-cli
args=("$@")
[ ${#args[@]} -gt 0 ] || args=(--from 2026-06-01 --to 2026-06-30 --format table --trend 12)
exec target/release/rappel kpis --demo "${args[@]}"
