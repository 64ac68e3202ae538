#!/usr/bin/env bash
# Runs the whole test suite: formatting, lints, unit/integration/property tests.
# Installs nothing the Rust toolchain does not already have.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== cargo fmt --check"
cargo fmt --all -- --check
echo "== cargo clippy"
cargo clippy --workspace --all-targets -- -D warnings
echo "== cargo test"
cargo test --workspace
