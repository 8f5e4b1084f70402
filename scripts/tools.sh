#!/usr/bin/env bash
# Installs the tools Rappel's build and tests need, idempotently: each step is skipped
# when the tool already reports the pinned version. Sourced by run.sh and test.sh.
#   - rustup targets wasm32-unknown-unknown and wasm32-wasip2, clippy, rustfmt
#   - wasm-bindgen-cli at exactly the version of the wasm-bindgen crate in Cargo.lock
#   - trunk 0.21.14 (0.22 needs a newer rustc)
#   - Node packages: web/ (binaryen's wasm-opt; Debian's 108 breaks the app),
#     tests/e2e (playwright-core), host-examples/node (jco)
#   - Debian chromium (for the browser tests; apt, as root or through sudo)
#   - rustup's llvm-tools (llvm-profdata), for the CLI as distributed only (scripts/dist.sh)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

tools_rust() {
  for target in wasm32-unknown-unknown wasm32-wasip2; do
    rustup target list --installed | grep -qx "$target" || rustup target add "$target"
  done
  rustup component list --installed | grep -q '^clippy' || rustup component add clippy
  rustup component list --installed | grep -q '^rustfmt' || rustup component add rustfmt
}

tools_pgo() {
  rustup component list --installed | grep -q '^llvm-tools' || rustup component add llvm-tools
}

tools_web() {
  local want
  want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' Cargo.lock)
  if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$want" ]; then
    cargo install wasm-bindgen-cli --version "$want"   # not --locked: see SETUP.md
  fi
  if [ "$(trunk --version 2>/dev/null | awk '{print $2}')" != "0.21.14" ]; then
    cargo install trunk --version 0.21.14 --locked
  fi
  [ -x web/node_modules/.bin/wasm-opt ] || (cd web && npm ci --no-audit --no-fund)
  export PATH="$PWD/web/node_modules/.bin:$PATH"
}

tools_browser() {
  [ -d tests/e2e/node_modules/playwright-core ] || (cd tests/e2e && npm ci --no-audit --no-fund)
  if [ ! -x /usr/bin/chromium ]; then
    local sudo=""
    [ "$(id -u)" = 0 ] || sudo=sudo
    $sudo apt-get install -y chromium || { $sudo apt-get update && $sudo apt-get install -y chromium; }
  fi
}
