#!/usr/bin/env bash
# The main job: installs what is missing (see scripts/tools.sh), builds everything (the
# rappel CLI, the engine component, the dashboard) and serves the dashboard on
# http://127.0.0.1:8080, opening on the embedded demo portfolio (2,000 customers,
# 50,000 invoices, generated in the browser from seed 42).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/tools.sh
tools_rust
tools_web
cargo build --release --quiet -p rappel-cli
cargo xtask component
cd web
echo "Rappel dashboard: http://127.0.0.1:8080"
exec trunk serve --release
