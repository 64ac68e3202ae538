#!/usr/bin/env bash
# Regenerates the reviewed reference pictures in docs/img: the Word output of one report per
# edition (rendered by LibreOffice, page with 表三) and screenshots of the web app.
# Needs what `scripts/setup.sh --all` installs and a built dist/ (trunk build --release).
set -euo pipefail
cd "$(dirname "$0")/.."
out=docs/img
mkdir -p "$out"
tmp=$(mktemp -d)
corpus=${NIANBAO_CORPUS:-../shared/corpus}
cargo build -q --release -p nianbao-cli
for pair in "2019:2020_minhou_shangwuju.txt" "2021:2024_huaian_szf.txt"; do
  edition=${pair%%:*}; file=${pair#*:}
  ./target/release/nianbao render "$corpus/$file" --to docx -o "$tmp/$edition.docx" --force
  soffice "-env:UserInstallation=file://$tmp/lo" --headless --convert-to pdf --outdir "$tmp" "$tmp/$edition.docx" >/dev/null
  # the first page that shows 表三's note
  page=$(for p in $(seq 1 "$(pdfinfo "$tmp/$edition.pdf" | awk '/^Pages:/ {print $2}')"); do
    pdftotext -f "$p" -l "$p" "$tmp/$edition.pdf" - | tr -d ' \n' | grep -q '勾稽关系' && { echo "$p"; break; }; done)
  pdftoppm -r 60 -png -f 1 -l 1 "$tmp/$edition.pdf" "$out/docx-$edition-page1"
  pdftoppm -r 60 -png -f "$page" -l "$page" "$tmp/$edition.pdf" "$out/docx-$edition-table3"
done
# the last page of a report that printed its 落款 (沭阳县发展和改革局 2023): right-aligned, numbered
./target/release/nianbao render "$corpus/2023_suqian_shuyang_fgj.txt" --to docx -o "$tmp/sign.docx" --force
soffice "-env:UserInstallation=file://$tmp/lo" --headless --convert-to pdf --outdir "$tmp" "$tmp/sign.docx" >/dev/null
last=$(pdfinfo "$tmp/sign.pdf" | awk '/^Pages:/ {print $2}')
pdftoppm -r 60 -png -singlefile -f "$last" -l "$last" "$tmp/sign.pdf" "$out/docx-signature"
for f in "$out"/*-1.png "$out"/*-[0-9].png; do [ -f "$f" ] && mv "$f" "${f%-[0-9]*.png}.png"; done
node tests/e2e/screenshot.mjs "$out"
rm -rf "$tmp"
ls -la "$out"
