#!/usr/bin/env bash
# The main job: build the web app and serve it on http://127.0.0.1:8080.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f web/Cargo.toml ]; then
  echo "网页版（web app）将在其议题完成后提供；现在可用命令行：cargo run --release -p nianbao-cli -- check <年报文件>"
  exit 0
fi
bash scripts/setup.sh
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH" TRUNK_SKIP_VERSION_CHECK=true
trunk build --release
echo "== 在浏览器打开 http://127.0.0.1:${PORT:-8080}/"
exec python3 -m http.server "${PORT:-8080}" --bind 127.0.0.1 --directory dist
