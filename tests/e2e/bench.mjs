// Speed of the built web app in headless Chromium (a benchmark, not a test):
// - time from navigation to an editable draft (an existing draft opened by URL),
// - time to re-check a full report after one keystroke (wasm, averaged).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from './server.mjs';
import { launch, importPasted } from './browser.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const corpus = process.env.NIANBAO_CORPUS || join(root, '..', 'shared', 'corpus');
const { server, origin } = await serve(join(root, 'dist'));
const context = await launch();
const page = await context.newPage();
const text = readFileSync(join(corpus, '2024_huaian_szf.txt'), 'utf8');
await importPasted(page, origin, text);
const url = page.url();

const loads = [];
for (let i = 0; i < 5; i++) {
  const t0 = Date.now();
  await page.goto('about:blank');
  await page.goto(url);
  await page.waitForSelector('input[data-cell="t3.new.np"]');
  await page.locator('input[data-cell="t3.new.np"]').isEditable();
  loads.push(Date.now() - t0);
}
// the draft the page stored (the importer is a worker of its own, not in the app's module)
const draft = await page.evaluate((id) => localStorage.getItem('nianbao:draft:' + id), decodeURIComponent(url.split('#/d/')[1]));
const perKey = await page.evaluate(async (d) => window.wasmBindings.bench_recheck(d, 200), draft);
const typing = [];
for (let i = 0; i < 10; i++) {
  const t0 = await page.evaluate(() => performance.now());
  await page.locator('input[data-cell="t3.open.np"]').fill(String(1000 + i));
  await page.waitForFunction((v) => document.querySelector('input[data-cell="t3.open.total"]').value !== v, String(0), { timeout: 5000 }).catch(() => {});
  typing.push((await page.evaluate(() => performance.now())) - t0);
}
// one keystroke in the page itself: an input event on a cell until every effect it starts has run
// (the report re-checked, the cells, marks and findings redrawn, the draft saved), measured in the page
const inPage = await page.evaluate(async () => {
  const el = document.querySelector('input[data-cell="t3.open.np"]');
  const times = [];
  for (let i = 0; i < 40; i++) {
    const t0 = performance.now();
    el.value = String(2000 + i);
    el.dispatchEvent(new Event('input', { bubbles: true }));
    await new Promise((ok) => { const c = new MessageChannel(); c.port1.onmessage = ok; c.port2.postMessage(0); });
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
});
const med = (a) => a.slice().sort((x, y) => x - y)[Math.floor(a.length / 2)];
console.log(`navigation → editable draft (淮安市政府2024, median of ${loads.length}): ${med(loads)} ms`);
console.log(`re-check after one keystroke (set cell + totals + all rules + draft JSON, wasm, mean of 200): ${perKey.toFixed(3)} ms`);
console.log(`one keystroke in the page (input event → all effects run, DOM updated, saved; median of 40): ${inPage.toFixed(2)} ms`);
console.log(`fill → DOM updated through Playwright (median of ${typing.length}, includes driver round trips): ${med(typing).toFixed(1)} ms`);
await context.close();
server.close();
