#!/usr/bin/env bash
# Runs every test of Rappel. Installs what it needs first, idempotently (skips what is
# already present; see scripts/tools.sh): rustup targets, wasm-bindgen-cli, trunk, the
# Node packages (binaryen, playwright-core, jco), Debian chromium, and a Python venv
# with wasmtime.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

# No incremental caches: this is a whole run, not an edit loop, and on a fresh machine they
# only cost disk (README, "Disk").
export CARGO_INCREMENTAL="${CARGO_INCREMENTAL:-0}"

source scripts/tools.sh
tools_rust
tools_web
tools_browser

echo "== format and lints"
cargo fmt --all -- --check
(cd fuzz && cargo fmt -- --check)
cargo clippy --workspace --all-targets --quiet -- -D warnings
cargo clippy --quiet -p rappel-wasm --target wasm32-unknown-unknown -- -D warnings
# The API documentation builds without a broken or private link.
RUSTDOCFLAGS="-D warnings" cargo doc --quiet --workspace --no-deps --exclude rappel-web
RUSTDOCFLAGS="-D warnings" cargo doc --quiet -p rappel-web --no-deps --target wasm32-unknown-unknown

echo "== the core builds for the browser and wasip2 targets (no wasm-hostile code)"
cargo build --quiet -p rappel-core --target wasm32-unknown-unknown
cargo build --quiet -p rappel-core --target wasm32-wasip2
cargo clippy --quiet -p rappel-web --target wasm32-unknown-unknown -- -D warnings

echo "== the engine component (zero imports, checked by the build)"
cargo xtask component

echo "== Rust tests (native, component parity and limits)"
cargo test --workspace

echo "== the runs that profile the distributed CLI (scripts/dist.sh), small, with the debug CLI"
cargo build --quiet --bin rappel
PGO_TRAIN_INVOICES=4000 bash scripts/pgo-train.sh target/debug/rappel target/pgo-train-check

echo "== Node host (jco)"
(
  cd host-examples/node
  # `npm install`, not `npm ci`: jco 1.35.0's dependencies list optional platform
  # binaries (win32, musl, android...) that the registry does not carry at those
  # versions, and `npm ci` refuses a lock file without them. `npm install` still installs
  # exactly the versions package-lock.json pins.
  if [ ! -x node_modules/.bin/jco ]; then npm install --no-audit --no-fund; fi
  npm run --silent build
  npm test --silent
)

echo "== Python host (wasmtime-py)"
VENV="$ROOT/target/pyvenv"
if [ ! -x "$VENV/bin/python" ]; then python3 -m venv "$VENV"; fi
"$VENV/bin/pip" show wasmtime 2>/dev/null | grep -qx 'Version: 50.0.1' \
  || "$VENV/bin/pip" install --quiet -r host-examples/python/requirements.txt
"$VENV/bin/python" -m unittest discover -s host-examples/python/tests

echo "== fuzz smoke: every fuzz target for a few seconds (scripts/fuzz.sh; long runs in BENCHMARKS.md)"
FUZZ_SECONDS=${FUZZ_SECONDS:-10} bash scripts/fuzz.sh

echo "== the dashboard in a real browser (chromium, playwright-core)"
(cd web && trunk build --release)
(cd tests/e2e && npm test)

echo "== disk used by the build (README, \"Disk\")"
du -sh target
