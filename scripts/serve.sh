#!/usr/bin/env bash
# The main job: install what is missing, build the web app and serve it on http://127.0.0.1:8080
# (PORT=… to change). The CLI is one `cargo run --release -p nianbao-cli -- check FILE` away.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH" TRUNK_SKIP_VERSION_CHECK=true
trunk build --release
echo "== 在浏览器中打开 http://127.0.0.1:${PORT:-8080}/ （Ctrl+C 停止）"
exec python3 -m http.server "${PORT:-8080}" --bind 127.0.0.1 --directory dist
