#!/usr/bin/env bash
# Size report of the built web app: what a browser transfers (gzip -9) for wasm + js, and css.
# Run after `trunk build --release` (scripts/serve.sh or scripts/test.sh build it).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d dist ] || { echo "dist/ is missing: build first (trunk build --release)"; exit 1; }
total=0
printf '%-40s %10s %10s\n' "file" "bytes" "gzip -9"
for f in dist/*.wasm dist/*.js dist/*.css dist/index.html; do
  [ -f "$f" ] || continue
  raw=$(wc -c < "$f")
  gz=$(gzip -9 -c "$f" | wc -c)
  case "$f" in *.wasm|*.js) total=$((total + gz));; esac
  printf '%-40s %10d %10d\n' "$(basename "$f")" "$raw" "$gz"
done
awk -v t="$total" 'BEGIN { printf "wasm + js transferred (gzip): %d bytes (%.1f KB; target ≤ 400 KB)\n", t, t / 1024 }'
