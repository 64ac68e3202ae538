#!/usr/bin/env bash
# Installs what building and testing the web app needs, skipping what is already present:
# the wasm32 target, trunk, wasm-bindgen-cli, wasm-opt (npm binaryen), playwright-core and
# tesseract.js with its chi_sim and eng data (npm; the browser's picture reader),
# Tesseract with chi_sim (reading pictures) and the OCR tests' poppler-utils and ImageMagick, and,
# with --browser, Debian's chromium and chromium-driver. Nothing is downloaded from outside the
# package registries (see ../shared/toolchain.md).
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
BINDGEN_VERSION=0.2.130
want_browser=0
want_office=0
case "${1:-}" in
  --browser) want_browser=1 ;;
  --all) want_browser=1; want_office=1 ;;
esac

say() { printf '== %s\n' "$*"; }

if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  say "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

if ! trunk --version 2>/dev/null | grep -q "$TRUNK_VERSION"; then
  say "cargo install trunk $TRUNK_VERSION (about 11 minutes on 2 cores)"
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi

if ! wasm-bindgen --version 2>/dev/null | grep -q "$BINDGEN_VERSION"; then
  say "cargo install wasm-bindgen-cli $BINDGEN_VERSION (about 3 minutes)"
  # without --locked: its lock file wants a webpki-roots the registry lacks
  cargo install wasm-bindgen-cli --version "$BINDGEN_VERSION"
fi

if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -d node_modules/playwright-core ] \
  || [ ! -f node_modules/tesseract.js-core/tesseract-core-simd-lstm.wasm.js ] \
  || [ ! -f node_modules/@tesseract.js-data/chi_sim/4.0.0_best_int/chi_sim.traineddata.gz ] \
  || [ ! -f node_modules/@tesseract.js-data/eng/4.0.0_best_int/eng.traineddata.gz ]; then
  say "npm ci (binaryen 132 for wasm-opt, playwright-core for browser tests, tesseract.js 7 with chi_sim and eng for reading pictures in the browser)"
  npm ci --no-audit --no-fund
fi

if [ "$want_browser" = 1 ] && { ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; }; then
  say "apt-get install chromium chromium-driver"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium chromium-driver >/dev/null
fi

# Reading pictures (scanned PDFs, picture files): Tesseract with its simplified Chinese and
# English data, natively; the OCR tests make their scans with poppler-utils and ImageMagick.
if ! command -v tesseract >/dev/null || ! tesseract --list-langs 2>/dev/null | grep -qx chi_sim \
  || ! command -v pdftoppm >/dev/null || ! dpkg -s imagemagick >/dev/null 2>&1; then
  say "apt-get install tesseract-ocr tesseract-ocr-chi-sim poppler-utils imagemagick"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq tesseract-ocr tesseract-ocr-chi-sim poppler-utils imagemagick >/dev/null
fi

if [ "$want_office" = 1 ] && { ! command -v soffice >/dev/null || ! dpkg -s libreoffice-calc-nogui >/dev/null 2>&1 || ! command -v pdftoppm >/dev/null || ! fc-list 2>/dev/null | grep -i wenquanyi >/dev/null; }; then
  say "apt-get install libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils fonts-wqy-microhei"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils fonts-wqy-microhei >/dev/null
fi
