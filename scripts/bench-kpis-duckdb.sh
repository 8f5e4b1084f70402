#!/usr/bin/env bash
# The standing KPI goal, measured: `rappel kpis` on the 1 M-invoice generated portfolio
# (CSV → JSON) against DuckDB computing the same KPIs from the same files, side by side.
# Installs DuckDB (PyPI, pinned in tests/bench/requirements.txt) into target/pyvenv and
# generates the portfolio into target/bench-data/1m when missing. Times the CLI as
# distributed: scripts/dist.sh (the `dist` profile, profile-guided; ~14 min to build the
# first time, PGO=0 for the plain profile). See BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=target/pyvenv
if [ ! -x "$VENV/bin/python" ]; then python3 -m venv "$VENV"; fi
"$VENV/bin/python" -c "import duckdb" 2>/dev/null \
  || "$VENV/bin/pip" install --quiet -r tests/bench/requirements.txt
bash scripts/dist.sh
DATA=target/bench-data/1m
if [ ! -f "$DATA/invoices.csv" ]; then
  target/dist/rappel generate --out "$DATA" --customers 50000 --invoices 1000000 --seed 1
fi
"$VENV/bin/python" tests/bench/kpis_vs_duckdb.py target/dist/rappel "$DATA" 2026-06-01 2026-06-30 "${RUNS:-3}"
