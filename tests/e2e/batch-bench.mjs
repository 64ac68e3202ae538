// Speed of 批量检查 in the built web app, in headless Chromium (a benchmark, not a test):
// N real corpus reports (the complete and partial ones, repeated under distinct names up to N,
// default 500) chosen at once → every row in the table; then 下载检查结果 → the .xlsx.
// Times are taken in the page (performance.now) from the input's change event.
// Usage: node tests/e2e/batch-bench.mjs [N]   (after trunk build --release)
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from './server.mjs';
import { launch } from './browser.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const corpus = process.env.NIANBAO_CORPUS || join(root, '..', 'shared', 'corpus');
const n = Number(process.argv[2] || 500);
const names = [
  ...readdirSync(corpus).filter((f) => /\.(txt|html)$/.test(f)),
  ...readdirSync(join(corpus, 'partial')).map((f) => join('partial', f)),
];
const files = Array.from({ length: n }, (_, i) => {
  const name = names[i % names.length];
  return { name: `${String(i).padStart(4, '0')}-${name.replace('/', '-')}`, mimeType: 'text/plain', buffer: readFileSync(join(corpus, name)) };
});
const bytes = files.reduce((s, f) => s + f.buffer.length, 0);

const { server, origin } = await serve(join(root, 'dist'));
const context = await launch();
const page = await context.newPage();
await page.goto(origin + '/#/batch');
await page.waitForSelector('[data-testid=batch-files]');
await page.evaluate(() => {
  document.querySelector('[data-testid=batch-files]').addEventListener('change', () => { window.__t0 = performance.now(); }, { capture: true });
});
await page.locator('[data-testid=batch-files]').setInputFiles(files);
await page.waitForFunction((count) => {
  const done = document.querySelectorAll('[data-testid=batch-row]').length === count
    && !document.querySelector('[data-testid=batch-download]').disabled;
  if (done && !window.__t1) window.__t1 = performance.now();
  return done;
}, n, { timeout: 300000, polling: 10 });
const readMs = await page.evaluate(() => window.__t1 - window.__t0);

const t0 = Date.now();
const [download] = await Promise.all([page.waitForEvent('download', { timeout: 120000 }),
  page.locator('[data-testid=batch-download]').click()]);
const xlsx = readFileSync(await download.path());
const xlsxMs = Date.now() - t0;

console.log(`批量检查 ${n} reports (${(bytes / 1024 / 1024).toFixed(1)} MB, ${names.length} distinct corpus files): read + import + check + table: ${readMs.toFixed(0)} ms (${(readMs / n).toFixed(1)} ms/report)`);
console.log(`下载检查结果 for ${n} reports (worker loaded on demand, xlsx written, download): ${xlsxMs} ms, ${(xlsx.length / 1024).toFixed(0)} KB`);
await context.close();
server.close();
