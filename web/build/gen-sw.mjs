// Trunk post_build hook: writes the precache list (every file of the build) and a version hash
// into the staged sw.js, so the service worker caches exactly the hashed output of this build;
// the picture reader's files (tesseract/) are listed apart, with a version of their own.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) {
  console.error('gen-sw: TRUNK_STAGING_DIR is not set (run through trunk)');
  process.exit(1);
}
const files = [];
(function walk(d) {
  for (const name of readdirSync(d).sort()) {
    const p = join(d, name);
    if (statSync(p).isDirectory()) walk(p);
    else files.push(relative(dir, p).split('\\').join('/'));
  }
})(dir);
// the picture reader (tesseract/) has a cache of its own, versioned by its own files
const isOcr = (f) => f.startsWith('tesseract/');
const versionOf = (list) => {
  const hash = createHash('sha256');
  for (const f of list) hash.update(f).update(readFileSync(join(dir, f)));
  return hash.digest('hex').slice(0, 16);
};
const assets = files.filter((f) => f !== 'sw.js' && !isOcr(f));
const ocr = files.filter(isOcr);
const version = versionOf(assets);
const ocrVersion = versionOf(ocr);
const precache = ['./', ...assets.map((f) => './' + f)];
const swPath = join(dir, 'sw.js');
const sw = readFileSync(swPath, 'utf8')
  .replace("'__VERSION__'", JSON.stringify(version))
  .replace('__PRECACHE__', JSON.stringify(precache))
  .replace("'__OCR_VERSION__'", JSON.stringify(ocrVersion))
  .replace('__OCR__', JSON.stringify(ocr.map((f) => './' + f)));
writeFileSync(swPath, sw);
console.log(`gen-sw: ${precache.length} files precached, version ${version}; picture reader ${ocr.length} files, version ${ocrVersion}`);
