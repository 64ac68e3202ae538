#!/usr/bin/env bash
# Size report of the built web app: what a browser transfers (gzip -9). "first load" is what
# index.html loads before the app is usable, and it must stay within the budget (400 KB gzip):
# the report fails above it. The 批量检查 page module (batch-page*) is loaded only when a
# supervisor opens 批量检查 (it is held to the same 400 KB on its own); the Word worker (docx-worker*) is loaded only when
# a clerk exports Word, the workbook worker (xlsx-worker*) only when 批量检查 downloads its
# result, the importer (import-worker*) only when a report is imported, the reader worker
# (pdf-worker*) only when a PDF or Word file is read, the ledger page module (ledger-page*) only
# when a clerk chooses 从台账生成表三 (all fetched in
# the background by the service worker for offline use).
# Run after `trunk build --release` (scripts/serve.sh and scripts/test.sh build it).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d dist ] || { echo "dist/ is missing: build first (trunk build --release)"; exit 1; }
first=0
demand=0
xlsx=0
reader=0
importer=0
ledger=0
batch=0
printf '%-44s %10s %10s  %s\n' "file" "bytes" "gzip -9" "loaded"
for f in dist/*; do
  [ -f "$f" ] || continue
  name=$(basename "$f")
  raw=$(wc -c < "$f")
  gz=$(gzip -9 -c "$f" | wc -c)
  case "$name" in
    docx-worker*) when="on demand (导出 Word)"; case "$name" in *.wasm|*.js) demand=$((demand + gz));; esac ;;
    xlsx-worker*) when="on demand (下载检查结果)"; case "$name" in *.wasm|*.js) xlsx=$((xlsx + gz));; esac ;;
    batch-page*) when="on demand (批量检查)"; case "$name" in *.wasm|*.js) batch=$((batch + gz));; esac ;;
    pdf-worker*) when="on demand (读取 PDF/Word)"; case "$name" in *.wasm|*.js) reader=$((reader + gz));; esac ;;
    import-worker*) when="on demand (导入)"; case "$name" in *.wasm|*.js) importer=$((importer + gz));; esac ;;
    ledger-page*) when="on demand (从台账生成表三)"; case "$name" in *.wasm|*.js) ledger=$((ledger + gz));; esac ;;
    sw.js) when="service worker" ;;
    *) when="first load"; case "$name" in *.wasm|*.js) first=$((first + gz));; esac ;;
  esac
  printf '%-44s %10d %10d  %s\n' "$name" "$raw" "$gz" "$when"
done
awk -v a="$first" -v b="$demand" -v c="$xlsx" -v d="$reader" -v e="$batch" -v f="$importer" -v g="$ledger" 'BEGIN {
  printf "wasm + js, first load (gzip): %d bytes = %.1f KB (budget <= 400 KB)\n", a, a / 1024
  printf "wasm + js, 批量检查 page module on demand (gzip): %d bytes = %.1f KB\n", e, e / 1024
  printf "wasm + js, Word export on demand (gzip): %d bytes = %.1f KB\n", b, b / 1024
  printf "wasm + js, batch workbook on demand (gzip): %d bytes = %.1f KB\n", c, c / 1024
  printf "wasm + js, PDF/Word reader on demand (gzip): %d bytes = %.1f KB\n", d, d / 1024
  printf "wasm + js, importer on demand (gzip): %d bytes = %.1f KB\n", f, f / 1024
  printf "wasm + js, ledger mapping step on demand (gzip): %d bytes = %.1f KB\n", g, g / 1024
}'
# The picture reader (dist/tesseract/, loaded only when a scan or a picture is read): a browser
# fetches one of the three wasm cores (the one its features allow), tesseract.js and the data.
if [ -d dist/tesseract ]; then
  ocr=0
  core=0
  for f in $(find dist/tesseract -type f | sort); do
    gz=$(gzip -9 -c "$f" | wc -c)
    printf '%-44s %10d %10d  %s\n' "${f#dist/}" "$(wc -c < "$f")" "$gz" "on demand (识别图片)"
    case "$f" in
      */core/*) [ "$gz" -gt "$core" ] && core=$gz ;;
      *) ocr=$((ocr + gz)) ;;
    esac
  done
  awk -v a="$((ocr + core))" 'BEGIN { printf "picture reader on demand, one wasm core (gzip): %d bytes = %.1f MB\n", a, a / 1048576 }'
fi
budget=$((400 * 1024))
if [ "$first" -gt "$budget" ]; then
  echo "FAIL: the first load is $first bytes gzip, over the budget of $budget (400 KB)"
  exit 1
fi
if [ "$batch" -gt "$budget" ]; then
  echo "FAIL: the 批量检查 page module is $batch bytes gzip, over the budget of $budget (400 KB)"
  exit 1
fi
echo "first load within the budget of 400 KB gzip"

