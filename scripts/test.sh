#!/usr/bin/env bash
# Runs every test of Rappel. Installs what it needs first, idempotently (skips what is
# already present): the rustup targets wasm32-unknown-unknown and wasm32-wasip2.
set -euo pipefail
cd "$(dirname "$0")/.."

for target in wasm32-unknown-unknown wasm32-wasip2; do
  rustup target list --installed | grep -qx "$target" || rustup target add "$target"
done
rustup component list --installed | grep -q '^clippy' || rustup component add clippy
rustup component list --installed | grep -q '^rustfmt' || rustup component add rustfmt

echo "== format and lints"
cargo fmt --all -- --check
cargo clippy --workspace --all-targets --quiet -- -D warnings

echo "== the core builds for the browser and the component targets (no wasm-hostile code)"
cargo build --quiet -p rappel-core -p rappel-wasm -p rappel-web --target wasm32-unknown-unknown
cargo build --quiet -p rappel-core --target wasm32-wasip2

echo "== tests"
cargo test --workspace
