#!/usr/bin/env bash
# The whole test suite: formatting, lints, unit/corpus/property/CLI tests, then the web app built
# with trunk and driven in headless Chromium. Installs what a fresh machine lacks (scripts/setup.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"

bash scripts/setup.sh --all

echo "== cargo fmt --check"
cargo fmt --all -- --check
echo "== cargo clippy"
cargo clippy --workspace --all-targets -- -D warnings
echo "== cargo test"
cargo test --workspace

echo "== trunk build --release"
TRUNK_SKIP_VERSION_CHECK=true trunk build --release
bash scripts/size-report.sh
echo "== browser tests (headless Chromium)"
node tests/e2e/run.mjs
