#!/usr/bin/env bash
# The CLI as distributed and as benchmarked: target/dist/rappel, the `dist` profile
# (Cargo.toml: the whole program optimised at link time) optimised with a profile of its
# own runs (profile-guided optimisation, as rustc and Clang are built):
#   1. a build that counts how often each branch and call is taken (target/pgo/gen);
#   2. scripts/pgo-train.sh runs it on every workflow, on portfolios generated for it
#      (not the benchmark's: another seed and size);
#   3. llvm-profdata (rustup's llvm-tools, installed by scripts/tools.sh) merges the counts;
#   4. the dist build with them: hot code laid out together, cold code out of the way,
#      inlining and branch order by measured frequency.
# The program's behaviour does not change, only its layout and inlining: the test suite runs on
# the everyday builds, and the benchmarks check the output (kpis_vs_duckdb.py compares
# the KPIs with DuckDB's). ~2 × the dist build's time (BENCHMARKS.md, issue 15,
# twenty-fifth pass). PGO=0 builds the plain dist profile.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${PGO:-1}" = 0 ]; then
  cargo build --profile dist --quiet --bin rappel
  exit 0
fi
source scripts/tools.sh
tools_pgo || {
  echo "dist.sh: rustup could not install llvm-tools (llvm-profdata); PGO=0 bash scripts/dist.sh builds without the profile" >&2
  exit 1
}
root=$PWD/target/pgo
profdata=$(find "$(rustc --print sysroot)" -name llvm-profdata -type f | head -1)
[ -n "$profdata" ] || { echo "dist.sh: no llvm-profdata in $(rustc --print sysroot)" >&2; exit 1; }
mkdir -p "$root"
RUSTFLAGS="-Cprofile-generate=$root/raw" \
  cargo build --profile dist --quiet --bin rappel --target-dir "$root/gen"
# The profile is made again only when the program or the runs changed: the runs' counts
# vary a little from one run to the next (two threads), and a different profile would
# rebuild every crate. `PGO=0` and back switch at once: cargo keeps both builds.
if [ ! "$root/rappel.profdata" -nt "$root/gen/dist/rappel" ] ||
  [ ! "$root/rappel.profdata" -nt scripts/pgo-train.sh ]; then
  # Build scripts compiled with the same flags wrote counts of their own while building.
  rm -rf "$root/raw"
  bash scripts/pgo-train.sh "$root/gen/dist/rappel" "$root/train"
  "$profdata" merge -o "$root/rappel.profdata" "$root/raw"
fi
RUSTFLAGS="-Cprofile-use=$root/rappel.profdata" cargo build --profile dist --quiet --bin rappel
