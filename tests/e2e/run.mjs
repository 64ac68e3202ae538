// Browser tests: drive the real built site (dist/, served on 127.0.0.1) in headless Chromium.
// Prints one line per test and a closing "N passed, N failed"; exits 1 on any failure.
import { readFileSync, existsSync, mkdirSync, copyFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from './server.mjs';
import { launch, importPasted, scratchDir } from './browser.mjs';
import { scanPdf } from './scan.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const dist = join(root, 'dist');
const corpus = process.env.NIANBAO_CORPUS || join(root, '..', 'shared', 'corpus');
if (!existsSync(join(dist, 'index.html'))) {
  console.error('dist/ is missing: build the web app first (trunk build --release)');
  process.exit(1);
}

const { server, origin } = await serve(dist);
const context = await launch();
const outside = [];
context.on('request', (r) => {
  const u = r.url();
  if (!u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:')) outside.push(u);
});
const page = await context.newPage();
const consoleErrors = [];
let current = '';
page.on('pageerror', (e) => consoleErrors.push(`${current}: ${e}`));
page.on('console', (m) => { if (m.type() === 'error' && m.text().includes('panicked')) { consoleErrors.push(`${current}: ${m.text().split('\n')[0]}`); if (process.env.NIANBAO_E2E_VERBOSE) console.log(m.text()); } });

let passed = 0;
let failed = 0;
// NIANBAO_E2E_ONLY=21. runs only the tests whose names start so (while developing; CI runs all)
const only = process.env.NIANBAO_E2E_ONLY;
async function test(name, fn) {
  if (only && !name.startsWith(only) && !name.startsWith('the app loads')) return;
  current = name;
  try {
    await fn();
    passed++;
    console.log(`ok    ${name}`);
  } catch (e) {
    failed++;
    console.log(`FAIL  ${name}\n      ${String(e && e.stack || e).split('\n').slice(0, 4).join('\n      ')}`);
  }
}
function assert(cond, msg) {
  if (!cond) throw new Error(msg);
}
const cell = (id) => page.locator(`input[data-cell="${id}"]`);
const finding = (code, sev) => page.locator(`[data-testid=findings] [data-code="${code}"]${sev ? `[data-severity="${sev}"]` : ''}`);
async function typeInto(id, value) {
  await cell(id).click();
  await cell(id).fill(value);
}
const draftId = () => decodeURIComponent(page.url().split('#/d/')[1] || '');
const stored = () => page.evaluate((id) => JSON.parse(localStorage.getItem('nianbao:draft:' + id)), draftId());
const active = () => page.evaluate(() => document.activeElement && (document.activeElement.dataset.cell || document.activeElement.dataset.part || document.activeElement.className));
async function typeKeys(id, text) {
  await page.evaluate(() => document.activeElement && document.activeElement.blur());
  await cell(id).click();
  await page.keyboard.type(text);
}
async function paste(id, text) {
  await cell(id).click();
  await page.evaluate(([id, text]) => {
    const el = document.querySelector(`input[data-cell="${id}"]`);
    const dt = new DataTransfer();
    dt.setData('text/plain', text);
    el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
  }, [id, text]);
}
const editableBlanks = () => page.evaluate(() => [...document.querySelectorAll('input[data-cell]')].filter((e) => !e.readOnly && e.value === '').length);
// The next dialog (confirm, beforeunload): accepted or dismissed; fails when none comes in 10 s.
const dialogOnce = (accept) => new Promise((ok, fail) => {
  const timer = setTimeout(() => { page.off('dialog', on); fail(new Error('no dialog was shown')); }, 10000);
  const on = async (d) => { clearTimeout(timer); const m = { type: d.type(), message: d.message() }; accept ? await d.accept() : await d.dismiss(); ok(m); };
  page.once('dialog', on);
});
// Makes localStorage refuse drafts as if it were full (until the page is reloaded).
const storageFull = () => page.evaluate(() => {
  const orig = Storage.prototype.setItem;
  Storage.prototype.setItem = function (k, v) {
    if (this === window.localStorage && k.startsWith('nianbao:draft:')) throw new DOMException('full', 'QuotaExceededError');
    return orig.call(this, k, v);
  };
});
async function newDraft(year, agency) {
  await page.goto(origin + '/#/');
  await page.locator('[data-testid=new-year]').fill(String(year));
  await page.locator('[data-testid=new-agency]').fill(agency);
  await page.locator('[data-testid=new-draft]').click();
  await page.waitForSelector('[data-table="三"]');
}

await test('the app loads and shows the drafts page', async () => {
  await page.goto(origin + '/');
  await page.waitForSelector('[data-testid=new-draft]', { timeout: 15000 });
  assert((await page.title()).includes('年报'), 'title');
});

await test('a new draft: typed numbers raise an error that clears when fixed', async () => {
  await newDraft(2025, '测试县商务局');
  await typeInto('t3.new.np', '5');
  await typeInto('t3.open.np', '3');
  assert((await cell('t3.new.total').inputValue()) === '5', 'row total computed');
  assert((await cell('t3.total.np').inputValue()) === '3', '（七）总计 computed');
  await finding('A101', 'error').first().waitFor({ timeout: 5000 });
  assert(await cell('t3.new.np').evaluate((e) => e.classList.contains('has-error')), 'the cell is marked in the table');
  await typeInto('t3.next.np', '2');
  await page.waitForFunction(() => !document.querySelector('[data-testid=findings] [data-code="A101"]'), null, { timeout: 5000 });
  assert(await page.locator('[data-testid=saved]').isVisible(), 'saved status shown');
});

await test('numeric cells do not keep letters and keep blank apart from 0', async () => {
  await typeInto('t3.carry.np', 'x');
  assert((await cell('t3.carry.np').inputValue()) === 'x', 'letters stay visible');
  assert(await cell('t3.carry.np').evaluate((e) => e.classList.contains('has-bad')), 'flagged');
  assert(!('t3.carry.np' in (await stored()).cells), 'not kept');
  await typeInto('t3.carry.np', '０');
  await page.keyboard.press('Tab');
  assert((await cell('t3.carry.np').inputValue()) === '0', 'full-width digits are accepted');
  assert((await stored()).cells['t3.carry.np'] === 0, 'kept as 0');
});

await test('a total entered by hand shows entered vs computed; clicking a finding goes to its cell', async () => {
  await typeInto('t4.review.keep', '2');
  assert((await cell('t4.review.total').inputValue()) === '2', 'computed');
  const td = page.locator('td.cell', { has: cell('t4.review.total') });
  await td.hover();
  await td.locator('button.mode').click();
  await typeInto('t4.review.total', '3');
  assert((await td.locator('.hint').innerText()).includes('计算：2'), 'entered vs computed side by side');
  const f = finding('A104', 'error').first();
  await f.waitFor({ timeout: 5000 });
  await f.locator('.finding-go').click();
  const focused = await page.evaluate(() => ({ id: document.activeElement.dataset.cell, value: document.activeElement.value }));
  assert(focused.id.startsWith('t4.review.') && focused.id !== 't4.review.total' && focused.value === '', `focus on a blank part of the row: ${JSON.stringify(focused)}`);
  await td.hover();
  await td.locator('button.mode').click();
  await page.waitForFunction(() => !document.querySelector('[data-testid=findings] [data-code="A104"]'), null, { timeout: 5000 });
  assert((await cell('t4.review.total').inputValue()) === '2', 'back to computed');
});

await test('reload: the draft is still there', async () => {
  const url = page.url();
  await page.reload();
  await page.waitForSelector('[data-table="三"]');
  assert(page.url() === url, 'same draft');
  assert((await cell('t3.new.np').inputValue()) === '5', 'value kept');
  assert((await cell('t3.next.np').inputValue()) === '2', 'value kept');
});

await test('arrow keys and Enter move between cells; a pasted block fills cells', async () => {
  await cell('t3.new.np').click();
  await page.keyboard.press('ArrowRight');
  assert(await page.evaluate(() => document.activeElement.dataset.cell) === 't3.new.biz', 'right');
  await page.keyboard.press('Enter');
  assert(await page.evaluate(() => document.activeElement.dataset.cell) === 't3.carry.biz', 'enter goes down');
  await cell('t3.deny_secret.np').click();
  await page.evaluate(() => {
    const el = document.querySelector('input[data-cell="t3.deny_secret.np"]');
    const dt = new DataTransfer();
    dt.setData('text/plain', '1\t0\n2\t1\n');
    el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
  });
  assert((await cell('t3.deny_secret.np').inputValue()) === '1', 'pasted');
  assert((await cell('t3.deny_law.biz').inputValue()) === '1', 'pasted into the next row and column');
});

await test('new next-year draft carries 结转 over', async () => {
  await page.goto(origin + '/#/');
  const row = page.locator('[data-testid=draft-row]', { hasText: '测试县商务局2025' }).first();
  await row.locator('[data-testid=next-year]').click();
  await page.waitForSelector('[data-table="三"]');
  assert((await cell('t3.carry.np').inputValue()) === '2', '上年结转 = last year 结转下年度');
  assert((await page.locator('[data-testid=year]').inputValue()) === '2026', 'year moved on');
  assert((await page.locator('textarea[data-part=opening]').inputValue()).includes('2026年1月1日'), 'opening paragraph moved on');
});

await test('delete a draft, then undo', async () => {
  await page.goto(origin + '/#/');
  const rows = page.locator('[data-testid=draft-row]');
  const before = await rows.count();
  await rows.first().locator('[data-testid=delete-draft]').click();
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid=draft-row]').length === n - 1, before);
  await page.locator('.notice button', { hasText: '撤销' }).click();
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid=draft-row]').length === n, before);
});

await test('pasting the text of 2020_minhou_shangwuju.txt imports it with zero errors', async () => {
  const text = readFileSync(join(corpus, '2020_minhou_shangwuju.txt'), 'utf8');
  await page.goto(origin + '/#/');
  await page.locator('[data-testid=paste-report]').fill(text);
  await page.locator('[data-testid=import-paste]').click();
  await page.waitForSelector('[data-table="二"]');
  assert((await cell('t2.service.prev').inputValue()) === '54', 'table 二 read');
  assert((await page.locator('[data-testid=agency]').inputValue()) === '闽侯县商务局', 'agency read');
  const errors = await page.locator('[data-testid=findings] [data-severity=error]').count();
  assert(errors === 0, `${errors} errors`);
});

await test('a GBK text file and an HTML page upload and import', async () => {
  const gbk = spawnSync('python3', ['-c', 'import sys; sys.stdout.buffer.write(open(sys.argv[1], encoding="utf-8").read().encode("gb18030"))',
    join(corpus, '2020_minhou_shangwuju.txt')]).stdout;
  assert(gbk.length > 1000 && !gbk.toString('utf8').includes('闽侯'), 'the file really is GBK');
  await page.goto(origin + '/#/');
  await page.locator('[data-testid=import-file]').setInputFiles({ name: 'minhou-gbk.txt', mimeType: 'text/plain', buffer: gbk });
  await page.waitForSelector('[data-table="二"]');
  assert((await page.locator('[data-testid=agency]').inputValue()) === '闽侯县商务局', 'decoded');
  const html = readFileSync(join(corpus, '2019_shanghai_szfbgt.html'));
  await page.goto(origin + '/#/');
  await page.locator('[data-testid=import-file]').setInputFiles({ name: 'shanghai.html', mimeType: 'text/html', buffer: html });
  await page.waitForSelector('[data-table="三"]');
  await finding('X405', 'error').first().waitFor({ timeout: 5000 });
  assert((await cell('t3.new.total').inputValue()) === '859', 'table read through the browser HTML parser');
});

await test('a damaged stored draft: the app still starts and offers its raw text', async () => {
  await page.evaluate(() => localStorage.setItem('nianbao:draft:broken1', '{"schema":1,"edition":"2021","cells":{"t3.nope.np":1}'));
  await page.goto(origin + '/#/');
  await page.reload();
  await page.locator('[data-testid=damaged-draft]').first().waitFor({ timeout: 5000 });
  assert(await page.locator('[data-testid=damaged-draft]').getByText('下载原始内容').isVisible(), 'download offered');
  await page.evaluate(() => localStorage.removeItem('nianbao:draft:broken1'));
});

await test('the same draft in two tabs: the other tab is told, nothing is overwritten silently', async () => {
  await page.goto(origin + '/#/');
  await page.locator('[data-testid=draft-row] a.draft-name').first().click();
  await page.waitForSelector('[data-table="三"]');
  const url = page.url();
  const second = await context.newPage();
  await second.goto(url);
  await second.waitForSelector('[data-table="三"]');
  await page.locator('[data-testid=conflict]').waitFor({ timeout: 5000 });
  await typeInto('t3.new.law', '7');
  assert(await page.locator('[data-testid=save-paused]').isVisible(), 'saving paused in the first tab');
  await second.close();
});

await test('changing the year across 2020/2021 offers the other edition and keeps tables 三 and 四', async () => {
  await newDraft(2020, '版本测试局');
  await typeInto('t3.new.np', '6');
  await typeInto('t2.permit.prev', '9');
  await page.locator('[data-testid=year]').fill('2021');
  await page.locator('[data-testid=year]').press('Tab');
  await page.locator('[data-testid=edition-banner]').waitFor({ timeout: 5000 });
  await finding('S301', 'error').first().waitFor({ timeout: 5000 });
  let asked = '';
  page.once('dialog', (d) => { asked = d.message(); d.accept(); });
  await page.locator('[data-testid=convert-edition]').click();
  await page.waitForFunction(() => !document.querySelector('[data-testid=edition-banner]'), null, { timeout: 5000 });
  assert(asked.includes('上一年项目数量'), `the cells that are dropped are listed: ${asked}`);
  assert((await cell('t3.new.np').inputValue()) === '6', 'table 三 kept');
  assert(await cell('t2.rule.abolished').count() === 1, 'table 二 in the 2021 layout');
  assert(!(await finding('S301').count()), 'no edition error left');
});

await test('exports: Word (from the worker), text that re-imports, HTML to the clipboard; errors are confirmed first', async () => {
  await newDraft(2024, '导出测试局');
  await typeInto('t3.new.np', '4');
  await typeInto('t3.open.np', '3');
  await finding('A101', 'error').first().waitFor({ timeout: 5000 });
  // with an error: the clerk is asked, and "cancel" exports nothing
  let asked = '';
  page.once('dialog', (d) => { asked = d.message(); d.dismiss(); });
  await page.locator('[data-testid=export-docx]').click();
  await page.waitForTimeout(300);
  assert(asked.includes('A101') && asked.includes('仍要导出'), `the confirmation lists the errors: ${asked}`);
  await typeInto('t3.next.np', '1');
  await page.waitForFunction(() => !document.querySelector('[data-testid=findings] [data-severity=error]'), null, { timeout: 5000 });
  const [docx] = await Promise.all([page.waitForEvent('download', { timeout: 30000 }), page.locator('[data-testid=export-docx]').click()]);
  const bytes = readFileSync(await docx.path());
  assert(bytes.subarray(0, 2).toString() === 'PK' && bytes.length > 5000, 'a .docx (zip) file');
  assert(docx.suggestedFilename().endsWith('.docx') && docx.suggestedFilename().includes('导出测试局'), docx.suggestedFilename());
  const [txt] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid=export-txt]').click()]);
  const text = readFileSync(await txt.path(), 'utf8');
  assert(text.includes('（本列数据的勾稽关系为') && text.includes('| 一、本年新收政府信息公开申请数量 | 4 |'), 'text with the tables');
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
  await page.locator('[data-testid=copy-html]').click();
  await page.waitForFunction(async () => (await navigator.clipboard.readText()).includes('data-table="三"'), null, { timeout: 5000 });
  const html = await page.evaluate(() => navigator.clipboard.readText());
  assert(!html.includes('<style') && html.includes('rowspan="3" colspan="3"'), 'inline-styled fragment with merged headers');
  // the Word file just exported imports back into a draft (read in the reader worker)
  await page.goto(origin + '/#/');
  await page.locator('[data-testid=import-file]').setInputFiles({ name: '导出.docx', buffer: bytes,
    mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' });
  await page.waitForSelector('[data-table="三"]');
  assert((await page.locator('[data-testid=agency]').inputValue()) === '导出测试局', 'the .docx is read back');
  assert((await cell('t3.new.np').inputValue()) === '4' && (await cell('t3.next.np').inputValue()) === '1', 'cells read back from Word');
});

await test('a published PDF imports into a draft (reader worker loaded on demand)', async () => {
  await page.goto(origin + '/#/');
  await page.locator('[data-testid=import-file]').setInputFiles(join(corpus, '2024_huaian_szf.pdf'));
  await page.waitForSelector('[data-table="三"]', { timeout: 30000 });
  assert((await page.locator('[data-testid=agency]').inputValue()) === '淮安市人民政府', 'agency from the PDF');
  assert((await cell('t3.new.total').inputValue()) === '3119' && (await cell('t4.review.total').inputValue()) === '351', 'tables from the PDF');
  assert(!(await page.locator('[data-testid=findings] [data-severity=error]').count()), 'no error, like its text twin');
});

// Reports published as pictures (issue 17): corpus PDFs as 盖章扫描件, each page a 150 dpi JPEG in
// an image-only PDF (tests/e2e/scan.mjs: pdftoppm, then a PDF written by the test). The reader
// worker reads them by OCR (tesseract.js from the app's own tesseract/ folder, loaded only then).
const scans = {};
const scanOf = (stem) => (scans[stem] ||= scanPdf(join(corpus, `${stem}.pdf`)));
// The cells of a draft read back, with the doubts (I006) shown: {cell: expected}.
const doubts = () => page.locator('[data-testid=findings] [data-code="I006"]').evaluateAll((els) =>
  Object.fromEntries(els.map((e) => [e.dataset.cells, e.dataset.expected])));
const codes = () => page.locator('[data-testid=findings] [data-code]').evaluateAll((els) => els.map((e) => e.dataset.code).sort());

await test('a scanned PDF imports by OCR: the numbers of its text-layer PDF, or a doubt about that very cell; read cells marked', async () => {
  await page.goto(origin + '/#/');
  await page.locator('[data-testid=import-file]').setInputFiles(join(corpus, '2024_huaian_szf.pdf'));
  await page.waitForSelector('[data-table="三"]', { timeout: 30000 });
  const twin = (await stored()).cells;
  const twinCodes = await codes();
  await page.goto(origin + '/#/');
  const loaded = () => page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name).filter((n) => n.includes('/tesseract/')));
  const fetchedBefore = await loaded();
  const start = Date.now();
  const progress = page.waitForSelector('[data-testid=import-status]:has-text("识别")', { timeout: 120000 }).then(() => true, () => false);
  await page.locator('[data-testid=import-file]').setInputFiles({ name: '淮安市扫描件.pdf', buffer: scanOf('2024_huaian_szf'), mimeType: 'application/pdf' });
  await page.waitForSelector('[data-table="三"]', { timeout: 300000 });
  console.log(`      (6 scanned pages read in ${((Date.now() - start) / 1000).toFixed(1)} s)`);
  assert(await progress, 'the import says how far the reading of the pictures is');
  assert(fetchedBefore.length === 0, `the picture reader is not loaded before a picture is read: ${fetchedBefore}`);
  const got = (await stored()).cells;
  const doubted = await doubts();
  const wrong = Object.keys(twin).filter((k) => JSON.stringify(got[k]) !== JSON.stringify(twin[k]) && doubted[k] !== String(twin[k]));
  assert(wrong.length === 0, `cells neither read as printed nor doubted: ${wrong.map((k) => `${k} ${twin[k]}→${got[k]}`)}`);
  assert(Object.keys(got).length === Object.keys(twin).length, `no cell invented: ${Object.keys(got).length} vs ${Object.keys(twin).length}`);
  assert(Object.keys(doubted).length <= 3, `few doubts: ${JSON.stringify(doubted)}`);
  const others = (await codes()).filter((c) => c !== 'I005' && c !== 'I006');
  assert(JSON.stringify(others) === JSON.stringify(twinCodes), `the findings of the text-layer PDF: ${others} vs ${twinCodes}`);
  assert((await page.locator('[data-testid=ocr-banner]').innerText()).includes('文字识别'), 'the editor says the tables were read by OCR');
  await page.locator('[data-testid=findings] input[type=checkbox]').check();
  assert((await finding('I005', 'info').count()) === 1, 'the I005 note is among the findings');
  await page.locator('[data-testid=findings] input[type=checkbox]').uncheck();
  const read = await page.locator('input[data-cell].ocr').count();
  assert(read >= 150, `OCR-read cells marked in the editor: ${read}`);
  const title = await page.locator('input[data-cell].ocr').first().getAttribute('title');
  assert(title.includes('识别把握'), `the mark says how sure the reading is: ${title}`);
  // a value typed over a reading is the clerk's
  await typeInto('t3.new.np', String(twin['t3.new.np']));
  await page.locator('[data-testid=agency]').click();
  assert(!(await cell('t3.new.np').getAttribute('class')).includes('ocr'), 'a typed cell is no longer marked as read');
});

// 批量检查: the complete corpus reports of every form (HTML, scraped text, PDF text, Markdown)
const BATCH = ['2019_shanghai_szfbgt.html', '2019_pingtan_gwh.txt', '2020_minhou_shangwuju.txt', '2021_pingtan_gwh.txt',
  '2023_suqian_shuyang_fgj.txt', '2024_huaian_hongzequ.txt', '2024_huaian_szf.txt', '2024_shanghai_kewei.txt'];
const draftKeys = () => page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('nianbao:draft:')).sort());
const batchRows = page.locator('[data-testid=batch-row]');
const batchColumn = async (name) => (await page.locator('table.batch thead th').allInnerTexts()).findIndex((h) => h.replace(/[▲▼]/g, '').trim() === name);
async function openBatch() {
  await page.goto(origin + '/#/');
  await page.locator('[data-testid=open-batch]').click();
  await page.waitForSelector('[data-testid=batch-files]');
  // the batch is kept for the tab: each test starts from an empty one
  await page.locator('[data-testid=batch-clear]').click();
  await page.waitForFunction(() => !document.querySelector('[data-testid=batch-row]'));
}

await test('批量检查 is a page module of its own, fetched only when opened, shown again without loading twice', async () => {
  await page.goto(origin + '/#/');
  await page.reload();
  await page.waitForSelector('[data-testid=open-batch]');
  const fetched = () => page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name).filter((n) => n.includes('batch-page')));
  assert((await fetched()).length === 0, `the module is not part of the first load: ${await fetched()}`);
  await page.locator('[data-testid=open-batch]').click();
  await page.waitForSelector('[data-testid=batch-files]');
  assert((await fetched()).some((n) => n.endsWith('batch-page_bg.wasm')), `loaded once opened: ${await fetched()}`);
  await page.goBack();
  await page.waitForSelector('[data-testid=open-batch]');
  await page.locator('[data-testid=open-batch]').click();
  await page.waitForSelector('[data-testid=batch-files]');
  assert((await fetched()).filter((n) => n.endsWith('batch-page.js')).length === 1, 'the module is added once');
  assert((await page.locator('[data-testid=batch-files]').count()) === 1, 'one page shown');
});

await test('批量检查: 8 reports chosen at once give 8 rows and a downloadable .xlsx; no draft is stored', async () => {
  const before = await draftKeys();
  await openBatch();
  await page.locator('[data-testid=batch-files]').setInputFiles(BATCH.map((f) => join(corpus, f)));
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=batch-row]').length === 8, null, { timeout: 20000 });
  await page.waitForSelector('[data-testid=batch-download]:not([disabled])');
  const bar = page.locator('[data-testid=batch-progress]');
  assert((await bar.getAttribute('max')) === '8' && (await bar.evaluate((e) => e.value)) === 8, 'the progress bar is full');
  const szf = batchRows.filter({ hasText: '2024_huaian_szf.txt' });
  const cells = await szf.locator('td').allInnerTexts();
  const first = await batchColumn('本年新收');
  assert(cells[0] === '淮安市人民政府' && cells.slice(first, first + 4).join(' ') === '3119 34 3050 103', `totals as printed: ${cells}`);
  // the page's 发布日期 of the 上海 report, a department's: due by 31 January
  const sh = await batchRows.filter({ hasText: '2019_shanghai_szfbgt.html' }).locator('td').allInnerTexts();
  assert(sh[await batchColumn('发布日期')] === '2020-01-31' && sh[await batchColumn('是否按时')] === '按时', `date and timeliness: ${sh}`);
  // a click shows that report's findings
  await batchRows.filter({ hasText: '2019_shanghai_szfbgt.html' }).click();
  await page.locator('[data-testid=batch-findings] [data-code=X405][data-severity=error]').first().waitFor({ timeout: 5000 });
  // sort by 错误, descending: the 上海 report (text contradicts its tables) comes first
  await page.locator('table.batch th button', { hasText: '错误' }).click();
  await page.locator('table.batch th button', { hasText: '错误' }).click();
  assert((await batchRows.first().innerText()).includes('上海市人民政府办公厅'), 'sorted by errors, most first');
  // 有错误: only rows with errors
  await page.locator('.filters button', { hasText: '有错误' }).click();
  const shown = await batchRows.count();
  const errorCells = await page.locator(`[data-testid=batch-row] td:nth-child(${(await batchColumn('错误')) + 1})`).allInnerTexts();
  assert(shown >= 1 && shown < 8 && errorCells.every((n) => Number(n) > 0), `filtered rows: ${errorCells}`);
  await page.locator('.filters button', { hasText: '全部' }).click();
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 30000 }),
    page.locator('[data-testid=batch-download]').click()]);
  const xlsx = readFileSync(await download.path());
  assert(xlsx.subarray(0, 2).toString() === 'PK' && xlsx.includes('xl/workbook.xml'), 'a .xlsx (zip with xl/workbook.xml)');
  assert(download.suggestedFilename().endsWith('.xlsx'), download.suggestedFilename());
  // LibreOffice (installed by scripts/setup.sh --all) opens it: 汇总 (the second sheet, after
  // 概况) has the 8 reports
  const dir = scratchDir('nianbao-batch-');
  copyFileSync(await download.path(), join(dir, 'book.xlsx'));
  const lo = spawnSync('soffice', [`-env:UserInstallation=file://${dir}/lo`, '--headless', '--convert-to',
    'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,2', '--outdir', dir, join(dir, 'book.xlsx')]);
  assert(existsSync(join(dir, 'book-汇总.csv')), `LibreOffice converts the workbook: ${lo.error || lo.stderr}`);
  const summary = readFileSync(join(dir, 'book-汇总.csv'), 'utf8').trim().split('\n');
  assert(summary[0].replace(/"/g, '').startsWith('单位,类别,年度') && summary.length === 9, `汇总: header and 8 reports: ${summary[0]} (${summary.length} lines)`);
  assert(summary.some((l) => l.includes('淮安市人民政府') && l.includes(',3119,')), '汇总 row of 淮安市人民政府');
  assert(JSON.stringify(await draftKeys()) === JSON.stringify(before), 'no draft stored');
});

await test('批量检查: a roster lists the unit without a report; 平潭 2022 is paired with its 2021 report', async () => {
  await openBatch();
  await page.locator('[data-testid=batch-roster]').setInputFiles({ name: '名单.csv', mimeType: 'text/csv',
    buffer: Buffer.from('单位,类别\n平潭综合实验区管委会,政府\n闽侯县统计局,部门\n') });
  await page.locator('[data-testid=batch-roster-name]', { hasText: '2 个单位' }).waitFor({ timeout: 5000 });
  await page.locator('[data-testid=batch-files]').setInputFiles(['2021_pingtan_gwh.txt', '2022_pingtan_gwh.txt', '2020_minhou_shangwuju.txt'].map((f) => join(corpus, f)));
  await page.waitForSelector('[data-testid=batch-download]:not([disabled])', { timeout: 20000 });
  assert((await batchRows.count()) === 3, 'three reports');
  const missing = page.locator('[data-testid=batch-missing]');
  assert((await missing.count()) === 1 && (await missing.innerText()).includes('闽侯县统计局'), 'the unit without a report');
  const pt = await batchRows.filter({ hasText: '2022_pingtan_gwh.txt' }).locator('td').allInnerTexts();
  assert(/^\d+%$/.test(pt[await batchColumn('与上年重复率')]), `repetition from the paired 2021 report: ${pt}`);
  await batchRows.filter({ hasText: '2022_pingtan_gwh.txt' }).click();
  const facts = await page.locator('[data-testid=batch-facts]').innerText();
  assert(facts.includes('上年报告：2021_pingtan_gwh.txt') && facts.includes('名单：在名单中'), `the batch facts of the report: ${facts}`);
  await page.locator('.filters button', { hasText: '未发布' }).click();
  assert((await batchRows.count()) === 0 && (await missing.count()) === 1, '未发布 shows only the missing unit');
  await page.locator('.filters button', { hasText: '全部' }).click();
});

await test('批量检查: files dropped on the page are read', async () => {
  await openBatch();
  const files = ['2021_pingtan_gwh.txt', '2020_minhou_shangwuju.txt'].map((f) => [f, readFileSync(join(corpus, f), 'utf8')]);
  await page.evaluate((files) => {
    const dt = new DataTransfer();
    for (const [name, text] of files) dt.items.add(new File([text], name, { type: 'text/plain' }));
    document.querySelector('.dropzone').dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, files);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=batch-row]').length === 2, null, { timeout: 10000 });
  assert((await batchRows.filter({ hasText: '闽侯县商务局' }).count()) === 1, 'the dropped report is in the table');
});

await test('批量检查: a whole folder, PDFs read like their text twins; 打开为草稿 stores exactly that report', async () => {
  await openBatch();
  await page.locator('[data-testid=batch-folder]').setInputFiles(corpus);
  await page.waitForSelector('[data-testid=batch-download]:not([disabled])', { timeout: 30000 });
  const rows = await batchRows.count();
  assert(rows >= 20, `the corpus folder's reports, partial ones included: ${rows}`);
  assert((await batchRows.filter({ hasText: 'partial/' }).count()) > 0, 'files shown with their folder');
  // the PDFs are read in the reader worker, with the totals of their text twins
  const first = await batchColumn('本年新收');
  for (const [stem, totals] of [['2024_huaian_szf', '3119 34 3050 103'], ['2024_huaian_hongzequ', '95 0 95 0']]) {
    for (const ext of ['pdf', 'txt']) {
      const row = batchRows.filter({ hasText: `${stem}.${ext}` });
      assert((await row.count()) === 1, `${stem}.${ext} is a row`);
      const cells = await row.locator('td').allInnerTexts();
      assert(cells.slice(first, first + 4).join(' ') === totals, `${stem}.${ext}: ${cells}`);
    }
  }
  const before = await draftKeys();
  await batchRows.filter({ hasText: '2024_huaian_szf.txt' }).locator('[data-testid=batch-open]').click();
  await page.waitForSelector('[data-table="三"]');
  assert((await cell('t3.new.total').inputValue()) === '3119', 'the report opened as a draft');
  const after = await draftKeys();
  assert(after.length === before.length + 1, `one draft stored: ${before.length} → ${after.length}`);
});


await test('18.1 a Word 97 .doc, a WPS .wps and an OFD import into a draft and are checked in 批量检查', async () => {
  // the .doc is saved by LibreOffice from the CLI's .docx export, the .wps holds the same Word
  // binary (as WPS writes it by default), the OFD is written by tests/ofd_writer.rs
  const dir = scratchDir('nianbao-forms-');
  const source = join(corpus, '2020_minhou_shangwuju.txt');
  const run = (cmd, args) => {
    const out = spawnSync(cmd, args, { encoding: 'utf8' });
    assert(out.status === 0, `${cmd} ${args.join(' ')}: ${out.stderr}`);
  };
  run('cargo', ['run', '-q', '-p', 'nianbao-cli', '--', 'render', source, '--to', 'docx', '-o', join(dir, 'minhou.docx')]);
  run('soffice', [`-env:UserInstallation=file://${dir}/lo`, '--headless', '--convert-to', 'doc:MS Word 97', '--outdir', dir, join(dir, 'minhou.docx')]);
  run('cargo', ['run', '-q', '-p', 'nianbao-tests', '--example', 'ofd', '--', source, join(dir, 'minhou.ofd')]);
  const doc = readFileSync(join(dir, 'minhou.doc'));
  await page.goto(origin + '/#/');
  await page.locator('[data-testid=import-file]').setInputFiles({ name: '闽侯.doc', buffer: doc, mimeType: 'application/msword' });
  await page.waitForSelector('[data-table="三"]', { timeout: 30000 });
  assert((await page.locator('[data-testid=agency]').inputValue()) === '闽侯县商务局', 'the .doc is read in the reader worker');
  assert((await cell('t3.next.total').inputValue()) === '0', 'table 三 read from the .doc');
  await openBatch();
  await page.locator('[data-testid=batch-files]').setInputFiles([
    { name: '闽侯.doc', buffer: doc, mimeType: 'application/msword' },
    { name: '闽侯.wps', buffer: doc, mimeType: 'application/octet-stream' },
    { name: '闽侯.ofd', buffer: readFileSync(join(dir, 'minhou.ofd')), mimeType: 'application/ofd' },
    { name: '闽侯.txt', buffer: readFileSync(source), mimeType: 'text/plain' },
  ]);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=batch-row]').length === 4, null, { timeout: 30000 });
  const first = await batchColumn('本年新收');
  const totals = async (name) => (await batchRows.filter({ hasText: name }).locator('td').allInnerTexts()).slice(first, first + 4).join(' ');
  for (const name of ['闽侯.doc', '闽侯.wps', '闽侯.ofd']) {
    assert((await totals(name)) === (await totals('闽侯.txt')), `${name}: ${await totals(name)} vs ${await totals('闽侯.txt')}`);
  }
  assert((await page.locator('[data-testid=batch-unread] li').count()) === 0, 'none is unreadable');
});

await test('20.1 批量检查 keeps its batch (Back after 打开为草稿, reload), adds a second choice, draws charts, reads an .xlsx roster, gives the 通报 and the lists', async () => {
  await openBatch();
  const file = (name) => ({ name, buffer: readFileSync(join(corpus, name)), mimeType: 'text/plain' });
  await page.locator('[data-testid=batch-files]').setInputFiles([file('2024_huaian_szf.txt'), file('2023_pingtan_gwh.txt')]);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=batch-row]').length === 2, null, { timeout: 15000 });
  // a second choice adds to the batch; a file already there is not read twice
  await page.locator('[data-testid=batch-files]').setInputFiles([file('2024_huaian_hongzequ.txt'), file('2024_huaian_szf.txt')]);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=batch-row]').length === 3, null, { timeout: 15000 });
  await page.waitForTimeout(300);
  assert((await batchRows.count()) === 3, 'three reports, 淮安市 once');
  // the charts are drawn
  await page.waitForSelector('[data-testid=batch-chart] svg rect');
  assert((await page.locator('[data-testid=batch-chart]').count()) >= 3, 'status, kinds, 本年新收 (and by year)');
  // the year filter
  await page.locator('[data-testid=batch-year]').selectOption('2024');
  assert((await batchRows.count()) === 2, 'the 2024 reports');
  await page.locator('[data-testid=batch-year]').selectOption('');
  // a roster kept in Excel (made by LibreOffice from CSV): the units without a 2024 report
  const dir = scratchDir('nianbao-roster-');
  writeFileSync(join(dir, 'roster.csv'), '单位名称,类别\n淮安市人民政府,政府\n淮安市洪泽区人民政府,政府\n平潭综合实验区管委会,政府\n淮安市清江浦区人民政府,政府\n');
  const lo = spawnSync('soffice', [`-env:UserInstallation=file://${dir}/lo`, '--headless', '--infilter=CSV:44,34,76', '--convert-to', 'xlsx', '--outdir', dir, join(dir, 'roster.csv')]);
  assert(lo.status === 0 && existsSync(join(dir, 'roster.xlsx')), `LibreOffice made the roster: ${lo.stderr}`);
  await page.locator('[data-testid=batch-roster]').setInputFiles(join(dir, 'roster.xlsx'));
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=batch-missing]').length === 2, null, { timeout: 10000 })
    .catch(async (e) => { throw new Error(`${e.message}: ${await page.locator('body').innerText()}`.slice(0, 3000)); });
  const missingText = await page.locator('[data-testid=batch-missing]').allInnerTexts();
  assert(missingText.some((t) => t.includes('平潭综合实验区管委会')) && missingText.some((t) => t.includes('淮安市清江浦区人民政府')), `${missingText}`);
  // the year chosen is the batch's year: for 2023 only 平潭 has published
  await page.locator('[data-testid=batch-year]').selectOption('2023');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=batch-missing]').length === 3, null, { timeout: 10000 });
  assert(!(await page.locator('[data-testid=batch-missing]').allInnerTexts()).some((t) => t.includes('平潭')), '平潭 published its 2023 report');
  await page.locator('[data-testid=batch-year]').selectOption('');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=batch-missing]').length === 2, null, { timeout: 10000 });
  // 下载通报: the Word file of the batch, with the issuer
  await page.locator('[data-testid=batch-issuer]').fill('淮安市人民政府办公室');
  await page.locator('[data-testid=batch-fix-by]').fill('2025年5月30日');
  const [notice] = await Promise.all([page.waitForEvent('download', { timeout: 30000 }), page.locator('[data-testid=batch-notice]').click()]);
  const noticePath = join(dir, 'notice.docx');
  writeFileSync(noticePath, readFileSync(await notice.path()));
  // (python3's zipfile: unzip is not on every machine)
  const xml = spawnSync('python3', ['-c', 'import sys, zipfile; sys.stdout.write(zipfile.ZipFile(sys.argv[1]).read("word/document.xml").decode())', noticePath], { encoding: 'utf8' }).stdout;
  for (const words of ['关于2024年度政府信息公开工作年度报告检查情况的通报', '未发布2家', '平潭综合实验区管委会', '于2025年5月30日前', '淮安市人民政府办公室', '问题清单']) {
    assert(xml.includes(words), `the 通报 says ${words}`);
  }
  assert(notice.suggestedFilename().endsWith('.docx'), notice.suggestedFilename());
  // the units' lists as one .zip of Word files
  const [lists] = await Promise.all([page.waitForEvent('download', { timeout: 30000 }), page.locator('[data-testid=batch-lists]').click()]);
  const zipPath = join(dir, 'lists.zip');
  writeFileSync(zipPath, readFileSync(await lists.path()));
  const listing = spawnSync('python3', ['-c', 'import sys, zipfile; print("\\n".join(zipfile.ZipFile(sys.argv[1]).namelist()))', zipPath], { encoding: 'utf8' }).stdout;
  assert(listing.includes('2024年度问题清单.docx') && !listing.includes('2023年度'), `the lists of the batch's year: ${listing}`);
  // 打开为草稿, then Back: the batch is there again; and after a reload
  await batchRows.filter({ hasText: '2024_huaian_szf.txt' }).locator('[data-testid=batch-open]').click();
  await page.waitForSelector('[data-table="三"]');
  await page.goBack();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=batch-row]').length === 3, null, { timeout: 15000 });
  assert((await page.locator('[data-testid=batch-missing]').count()) === 2, 'the roster came back too');
  await page.reload();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=batch-row]').length === 3, null, { timeout: 15000 });
  // 清空本批 forgets it
  await page.locator('[data-testid=batch-clear]').click();
  await page.reload();
  await page.waitForSelector('[data-testid=batch-files]');
  await page.waitForTimeout(500);
  assert((await batchRows.count()) === 0, 'cleared');
});

await test('20.2 批量检查: 汇总 adds up tables 三 and 四 of the batch, compares them with the government report (B701), and opens as a draft', async () => {
  await openBatch();
  const file = (name) => ({ name, buffer: readFileSync(join(corpus, name)), mimeType: 'text/plain' });
  await page.locator('[data-testid=batch-files]').setInputFiles([file('2024_huaian_szf.txt'), file('2024_huaian_hongzequ.txt'), file('2024_shanghai_kewei.txt')]);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=batch-row]').length === 3, null, { timeout: 15000 });
  await page.locator('[data-testid=batch-sum]').click();
  const result = await page.locator('[data-testid=batch-sum-result]').innerText();
  assert(result.includes('汇总2份年报') && result.includes('2024_huaian_szf.txt'), `the government report is compared, the others added: ${result}`);
  assert((await page.locator('[data-testid=batch-sum-result] [data-code=B701]').count()) > 0, 'the sum differs from 淮安市政府');
  await page.locator('[data-testid=batch-sum-open]').click();
  await page.waitForSelector('[data-table="三"]');
  assert((await cell('t3.new.total').inputValue()) === String(95 + 34), `the sum: 95 + 34 = ${await cell('t3.new.total').inputValue()}`);
});

await test('20.3 批量检查: the review file — 确认 and 不予采纳 hold a finding back, export it, load it into another batch', async () => {
  await openBatch();
  const page1 = { name: '2019_shanghai_szfbgt.html', buffer: readFileSync(join(corpus, '2019_shanghai_szfbgt.html')), mimeType: 'text/html' };
  await page.locator('[data-testid=batch-files]').setInputFiles([page1]);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=batch-row]').length === 1, null, { timeout: 15000 });
  const select = async () => {
    await batchRows.first().locator('td').first().click();
    await page.waitForSelector('[data-testid=batch-findings]');
  };
  const x405 = () => page.locator('[data-testid=batch-findings] [data-code=X405]').count();
  await select();
  assert((await x405()) === 2, 'two X405 errors');
  await page.locator('[data-testid=batch-findings] [data-code=X405]').first().locator('[data-testid=finding-confirm]').click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=batch-findings] [data-code=X405]').length === 1, null, { timeout: 5000 });
  assert((await page.locator('[data-testid=batch-reviewed]').innerText()).includes('已复核 1 条'), 'counted');
  page.once('dialog', (d) => d.accept('正文口径包含上年结转'));
  await page.locator('[data-testid=batch-findings] [data-code=X405]').first().locator('[data-testid=finding-waive]').click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=batch-findings] [data-code=X405]').length === 0, null, { timeout: 5000 });
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid=batch-export-baseline]').click()]);
  const saved = readFileSync(await download.path(), 'utf8');
  const review = JSON.parse(saved);
  assert(review['已复核'].length === 2 && saved.includes('已确认') && saved.includes('不予采纳') && saved.includes('正文口径包含上年结转'), saved);
  // a new batch: the findings are back until the review file is loaded
  await page.locator('[data-testid=batch-clear]').click();
  await page.locator('[data-testid=batch-files]').setInputFiles([page1]);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=batch-row]').length === 1, null, { timeout: 15000 });
  await select();
  assert((await x405()) === 2, 'not held back without the review file');
  await page.locator('[data-testid=batch-baseline]').setInputFiles({ name: '复核文件.json', buffer: Buffer.from(saved), mimeType: 'application/json' });
  await page.waitForFunction(() => document.querySelector('[data-testid=batch-reviewed]').innerText.includes('已复核 2 条'), null, { timeout: 5000 });
  await select();
  assert((await x405()) === 0, 'held back by the review file');
});

await test('20.4 批量检查: a batch of 8 million characters (more than sessionStorage holds) is kept in IndexedDB and comes back after a reload', async () => {
  await openBatch();
  // 16 copies of 淮安市's report, each with a long paragraph added to part 六: 500,000 characters
  const text = readFileSync(join(corpus, '2024_huaian_szf.txt'), 'utf8');
  const filler = '本机关持续推进政务公开标准化规范化建设'.repeat(26500);
  const files = Array.from({ length: 16 }, (_, i) => ({
    name: `大批_${String(i + 1).padStart(2, '0')}.txt`, mimeType: 'text/plain', buffer: Buffer.from(`${text}\n${filler}\n`),
  }));
  assert(files.reduce((n, f) => n + f.buffer.toString('utf8').length, 0) > 8_000_000, 'more than sessionStorage holds');
  await page.locator('[data-testid=batch-files]').setInputFiles(files);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=batch-row]').length === 16, null, { timeout: 120000 });
  await page.waitForTimeout(1500);
  const notice = await page.locator('.notice').allInnerTexts().catch(() => []);
  assert(!notice.join('').includes('未能保存'), `no notice that the batch is not kept: ${notice}`);
  await page.reload();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=batch-row]').length === 16, null, { timeout: 120000 });
  // 清空本批 removes it from the browser's storage
  await page.locator('[data-testid=batch-clear]').click();
  await page.reload();
  await page.waitForSelector('[data-testid=batch-files]');
  await page.waitForTimeout(1000);
  assert((await batchRows.count()) === 0, 'cleared');
  const left = await page.evaluate(() => new Promise((resolve) => {
    const open = indexedDB.open('nianbao');
    open.onsuccess = () => {
      const get = open.result.transaction('batches').objectStore('batches').count();
      get.onsuccess = () => resolve(get.result);
    };
  }));
  assert(left === 0, `no batch left in IndexedDB: ${left}`);
});

// A report read by OCR has the 本年新收…结转 totals of its twin; then it is selected and says it was read so.
async function sameTotalsThenSelect(read, twin) {
  const first = await batchColumn('本年新收');
  const totals = async (name) => (await batchRows.filter({ hasText: name }).locator('td').allInnerTexts()).slice(first, first + 4).join(' ');
  assert((await totals(read)) === (await totals(twin)), `${read} ${await totals(read)} vs ${twin} ${await totals(twin)}`);
  await batchRows.filter({ hasText: read }).locator('td').first().click();
  await page.waitForSelector('[data-testid=batch-ocr]');
}

await test('批量检查: a scanned PDF is read by OCR beside its text twin, with the same totals and the OCR shown', async () => {
  await openBatch();
  await page.locator('[data-testid=batch-files]').setInputFiles([
    { name: '2024_huaian_hongzequ扫描件.pdf', buffer: scanOf('2024_huaian_hongzequ'), mimeType: 'application/pdf' },
    { name: '2024_huaian_hongzequ.pdf', buffer: readFileSync(join(corpus, '2024_huaian_hongzequ.pdf')), mimeType: 'application/pdf' },
  ]);
  const progress = page.waitForSelector('.batch-status:has-text("识别")', { timeout: 120000 }).then(() => true, () => false);
  await page.waitForSelector('[data-testid=batch-download]:not([disabled])', { timeout: 300000 });
  assert(await progress, 'the progress line says the pictures are being read');
  await sameTotalsThenSelect('扫描件', 'hongzequ.pdf');
  assert((await page.locator('[data-testid=batch-ocr]').innerText()).includes('文字识别'), 'the OCR is said');
  assert((await page.locator('[data-testid=batch-findings] [data-code=I005]').count()) === 1, 'I005 listed');
});

await test('批量检查: a saved page whose tables are pictures, chosen with its 名称_files folder, reads like the page', async () => {
  // the corpus page with each table replaced by a Chromium screenshot of it (at twice the size)
  const html = readFileSync(join(corpus, '2019_shanghai_szfbgt.html'), 'utf8');
  const dir = scratchDir('nianbao-page-');
  mkdirSync(join(dir, '年报_files'));
  const shot = await context.newPage();
  let out = '';
  let at = 0;
  let n = 0;
  for (let start = html.indexOf('<table'); start >= 0; start = html.indexOf('<table', at)) {
    const end = html.indexOf('</table>', start) + '</table>'.length;
    await shot.setContent(`<!DOCTYPE html><html><head><meta charset="utf-8"><style>body{margin:12px;font-family:'WenQuanYi Micro Hei',sans-serif;font-size:15px;zoom:2}</style></head><body>${html.slice(start, end)}</body></html>`);
    await shot.locator('table').first().screenshot({ path: join(dir, '年报_files', `image${n}.png`) });
    out += html.slice(at, start) + `<p><img src="年报_files/image${n}.png" /></p>`;
    at = end;
    n++;
  }
  await shot.close();
  assert(n === 3, `the page's three tables: ${n}`);
  writeFileSync(join(dir, '年报.html'), out + html.slice(at));
  copyFileSync(join(corpus, '2019_shanghai_szfbgt.html'), join(dir, '原网页.html'));
  await openBatch();
  await page.locator('[data-testid=batch-folder]').setInputFiles(dir);
  await page.waitForSelector('[data-testid=batch-download]:not([disabled])', { timeout: 300000 });
  assert((await batchRows.count()) === 2, `the two pages are the reports, not their pictures: ${await batchRows.allInnerTexts()}`);
  await sameTotalsThenSelect('/年报.html', '原网页.html');
  assert((await page.locator('[data-testid=batch-findings] [data-code=I005]').innerText()).includes('3张图片'), 'the note names the pictures read');
});

// ---- issue 8: the editor as clerks expect ----

await test('8.1 decimals are kept as typed: 0.35 and 12.5 in 本年收费金额 (2021), 1.28 in 采购总金额 (2019)', async () => {
  await newDraft(2025, '小数测试局');
  await typeKeys('t2.fee.amount', '0.35');
  assert((await cell('t2.fee.amount').inputValue()) === '0.35', `shown ${await cell('t2.fee.amount').inputValue()}`);
  assert((await stored()).cells['t2.fee.amount'] === '0.35', 'stored 0.35');
  await typeKeys('t2.fee.amount', '12.5');
  assert((await cell('t2.fee.amount').inputValue()) === '12.5', 'typing replaces and keeps 12.5');
  assert((await stored()).cells['t2.fee.amount'] === '12.5', 'stored 12.5');
  await newDraft(2020, '小数测试局');
  await typeKeys('t2.purchase.amount', '1.28');
  assert((await cell('t2.purchase.amount').inputValue()) === '1.28', 'shown 1.28');
  assert((await stored()).cells['t2.purchase.amount'] === '1.28', 'stored 1.28');
});

await test('8.3 -3 stays -3 in 本年增/减; 1.5 and -1 in a count cell stay visible, flagged, and are not kept', async () => {
  await typeKeys('t2.permit.change', '-3');
  assert((await cell('t2.permit.change').inputValue()) === '-3', 'minus kept on screen');
  assert((await stored()).cells['t2.permit.change'] === -3, 'stored -3');
  for (const typed of ['1.5', '-1']) {
    await typeKeys('t3.new.np', typed);
    assert((await cell('t3.new.np').inputValue()) === typed, `${typed} shown as typed`);
    assert(await cell('t3.new.np').evaluate((e) => e.classList.contains('has-bad') && e.getAttribute('aria-invalid') === 'true'), 'flagged');
    assert(!('t3.new.np' in (await stored()).cells), `no value different from ${typed} kept`);
    await page.locator('[data-testid=findings] [data-code="填写"]').first().waitFor({ timeout: 5000 });
    assert((await page.locator('.notice').innerText()).includes('未计入'), 'the clerk is told');
  }
  await typeKeys('t3.new.np', '2');
  assert((await stored()).cells['t3.new.np'] === 2, 'a correct value is kept');
  assert(!(await cell('t3.new.np').evaluate((e) => e.classList.contains('has-bad'))), 'flag cleared');
  assert(!(await page.locator('[data-testid=findings] [data-code="填写"]').count()), 'listed no more');
});

await test('8.4 click-and-type replaces the content; a finding focuses the blank cell', async () => {
  await newDraft(2025, '选中测试局');
  await typeInto('t3.new.np', '10');
  await typeKeys('t3.new.np', '0');
  assert((await cell('t3.new.np').inputValue()) === '0', `typing 0 after a click gives ${await cell('t3.new.np').inputValue()}`);
  await page.keyboard.press('ArrowRight');
  await page.keyboard.type('4');
  assert((await cell('t3.new.biz').inputValue()) === '4', 'an arrow key selects too');
  await typeInto('t3.open.np', '3');
  const f = finding('A101', 'error').first();
  await f.waitFor({ timeout: 5000 });
  await f.locator('.finding-go').click();
  const a = await page.evaluate(() => ({ id: document.activeElement.dataset.cell, value: document.activeElement.value, ro: document.activeElement.readOnly }));
  assert(a.id && a.value === '' && !a.ro, `the blank cell of the sum is focused: ${JSON.stringify(a)}`);
});

await test('8.5 findings about the text select their sentence (X401) or the title (S306)', async () => {
  await newDraft(2025, '正文测试局');
  await typeInto('t3.new.np', '5');
  const text = '本机关坚持以公开为常态。全年共收到政府信息公开申请9件，均按时答复。';
  await page.locator('textarea[data-part="0"]').fill(text);
  const x = finding('X401').first();
  await x.waitFor({ timeout: 5000 });
  await x.locator('.finding-go').click();
  const sel = await page.evaluate(() => { const e = document.activeElement; return { part: e.dataset.part, text: e.value.slice(e.selectionStart, e.selectionEnd) }; });
  assert(sel.part === '0' && sel.text.includes('9件'), `the sentence is selected: ${JSON.stringify(sel)}`);
  await page.locator('textarea[data-part=title]').fill('正文测试局政府信息公开工作年度报告');
  const t = finding('S306').first();
  await t.waitFor({ timeout: 5000 });
  await t.locator('.finding-go').click();
  assert((await active()) === 'title', 'the title is focused');
});

await test('8.6 空白单元格填0 leaves no blank editable cell; 撤销 brings the blanks back', async () => {
  await newDraft(2025, '填零测试局');
  await typeInto('t3.new.np', '12');
  const before = await editableBlanks();
  assert(before > 150, `${before} blank cells in a new draft`);
  await page.locator('[data-testid=fill-zeros]').click();
  assert((await editableBlanks()) === 0, 'no blank editable cell left');
  assert((await cell('t3.new.np').inputValue()) === '12', 'typed values kept');
  assert((await cell('t3.new.total').inputValue()) === '12', 'totals still computed');
  assert(!(await finding('V203').count()), 'no blank-cell warning');
  await page.locator('.notice button', { hasText: '撤销' }).click();
  assert((await editableBlanks()) === before, 'undone');
  await page.locator('[data-testid="fill-zeros-四"]').click();
  assert((await page.locator('[data-table="四"] input[data-cell]').evaluateAll((l) => l.filter((e) => !e.readOnly && e.value === '').length)) === 0, 'table 四 filled');
  assert((await cell('t3.open.np').inputValue()) === '', 'table 三 untouched by the table 四 button');
});

await test('8.7 Ctrl+Z undoes a block paste and Ctrl+Y redoes it; the paste notice has 撤销', async () => {
  await newDraft(2025, '撤销测试局');
  await typeInto('t3.new.np', '7');
  await paste('t3.deny_secret.np', '1\t0\n2\t1\n');
  assert((await cell('t3.deny_law.biz').inputValue()) === '1', 'pasted');
  await page.locator('.notice button', { hasText: '撤销' }).waitFor({ timeout: 3000 });
  await page.keyboard.press('Control+z');
  assert((await cell('t3.deny_secret.np').inputValue()) === '', 'paste undone');
  assert((await cell('t3.deny_law.biz').inputValue()) === '', 'paste undone');
  assert((await cell('t3.new.np').inputValue()) === '7', 'the edit before stays');
  assert(!('t3.deny_law.biz' in (await stored()).cells), 'the undo is saved');
  await page.keyboard.press('Control+y');
  assert((await cell('t3.deny_law.biz').inputValue()) === '1', 'redone');
  await page.locator('.notice button', { hasText: '撤销' }).click();
  assert((await cell('t3.deny_law.biz').inputValue()) === '', '撤销 in the notice');
  await typeKeys('t3.new.np', '75');
  await page.keyboard.press('Control+z');
  assert((await cell('t3.new.np').inputValue()) === '7', 'typing into one cell is one step');
});

await test('8.8 next year: parts start from last year (marked 上年内容), D501–D504 run against last year\'s draft', async () => {
  await newDraft(2024, '跨年测试局');
  const part1 = '2024年，跨年测试局坚持以公开为常态、不公开为例外，共收到政府信息公开申请12件，全部在法定期限内答复，未发生行政复议和行政诉讼。';
  await page.locator('textarea[data-part="0"]').fill(part1);
  await typeInto('t3.next.np', '2');
  await page.waitForTimeout(200);
  await page.goto(origin + '/#/');
  await page.locator('[data-testid=draft-row]', { hasText: '跨年测试局2024' }).first().locator('[data-testid=next-year]').click();
  await page.waitForSelector('[data-table="三"]');
  assert((await page.locator('textarea[data-part="0"]').inputValue()) === part1.replace('2024年', '2025年'), 'part 一 from last year, year moved on');
  assert(await page.locator('[data-testid=last-year-0]').isVisible(), 'marked 上年内容');
  assert((await page.locator('[data-testid=previous-draft]').innerText()).includes('跨年测试局2024年年报'), 'says which draft it used');
  await finding('D504').first().waitFor({ timeout: 5000 });
  assert(!(await finding('D501').count()), 'carried 结转 agrees');
  await typeInto('t3.carry.np', '5');
  await finding('D501', 'error').first().waitFor({ timeout: 5000 });
  await page.locator('textarea[data-part="0"]').fill('2025年，跨年测试局共收到申请3件。');
  await page.waitForFunction(() => !document.querySelector('[data-testid=last-year-0]'), null, { timeout: 5000 });
});

await test('8.9 复制问题清单 puts the codes on the clipboard; 导出问题清单 gives a .csv', async () => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
  await page.locator('[data-testid=findings-copy]').click();
  await page.waitForFunction(async () => (await navigator.clipboard.readText()).includes('D501'), null, { timeout: 5000 });
  const text = await page.evaluate(() => navigator.clipboard.readText());
  const line = text.split('\n').find((l) => l.includes('D501'));
  assert(text.startsWith('级别\t代码\t表\t单元格\t现为\t应为\t说明'), 'a header line');
  assert(line.startsWith('错误\tD501\t表三\t') && line.includes('上年结转'), `one line a finding: ${line}`);
  const [csv] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid=findings-csv]').click()]);
  const body = readFileSync(await csv.path(), 'utf8');
  assert(csv.suggestedFilename().endsWith('.csv') && body.startsWith('\ufeff"级别","代码"') && body.includes('"D501"'), 'csv with the findings');
});

await test('8.10 and 7.13 saving failed: a banner stays in view, leaving asks, a reload offers the edit back', async () => {
  await newDraft(2025, '存储测试局');
  await storageFull();
  await typeInto('t3.new.np', '8');
  const banner = page.locator('[data-testid=save-failed]');
  await banner.waitFor({ timeout: 5000 });
  assert((await banner.innerText()).includes('仍在本页中'), 'says the edit is in the page');
  await page.locator('textarea[data-part="5"]').scrollIntoViewIfNeeded();
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  const box = await banner.boundingBox();
  assert(box && box.y >= 0 && box.y + box.height <= 768, `banner in view after scrolling: ${JSON.stringify(box)}`);
  const asked = dialogOnce(false);
  await page.locator('.toolbar a.back').click();
  assert((await asked).message.includes('尚未保存'), 'leaving to the list asks');
  assert(page.url().includes('#/d/'), 'stayed');
  const unload = dialogOnce(true);
  await page.reload();
  assert((await unload).type === 'beforeunload', 'the browser asks before leaving');
  await page.waitForSelector('[data-table="三"]');
  assert((await cell('t3.new.np').inputValue()) === '', 'the stored draft has no 8');
  await page.locator('[data-testid=unsaved-restore]').click();
  assert((await cell('t3.new.np').inputValue()) === '8', 'the edit is back');
  assert((await stored()).cells['t3.new.np'] === 8, 'and stored');
});

await test('8.11 phone: compact toolbar, table 三 keeps its header and row labels in view, findings reachable from the top', async () => {
  await page.setViewportSize({ width: 390, height: 844 });
  await newDraft(2025, '手机测试局');
  const bar = await page.locator('.sticky-top').boundingBox();
  assert(bar.height <= 60, `toolbar ${bar.height} px tall`);
  const wrap = page.locator('.report .table-wrap', { has: page.locator('[data-table="三"]') });
  await wrap.scrollIntoViewIfNeeded();
  await wrap.evaluate((w) => { w.scrollLeft = 400; w.scrollTop = 400; });
  const w = await wrap.boundingBox();
  const label = await page.locator('.report [data-table="三"] tbody .row-label').nth(12).boundingBox();
  const head = await page.locator('.report [data-table="三"] thead').boundingBox();
  assert(Math.abs(label.x - w.x) < 3, `row label stays at the left: ${label.x} vs ${w.x}`);
  assert(Math.abs(head.y - w.y) < 3, `header stays at the top: ${head.y} vs ${w.y}`);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.locator('[data-testid=findings-jump]').click();
  await page.waitForTimeout(300);
  const f = await page.locator('[data-testid=findings] h2').boundingBox();
  assert(f.y >= 0 && f.y < 844, `findings reached: y=${f.y}`);
  await page.setViewportSize({ width: 1366, height: 768 });
  await wrap.scrollIntoViewIfNeeded();
  await wrap.evaluate((w) => { w.scrollTop = 500; });
  const w2 = await wrap.boundingBox();
  const head2 = await page.locator('.report [data-table="三"] thead').boundingBox();
  assert(Math.abs(head2.y - w2.y) < 3, 'at 1366×768 the header of 表三 stays in view');
});

await test('8.12 Tab and Enter skip computed totals', async () => {
  await cell('t3.new.np').click();
  for (let i = 0; i < 6; i++) await page.keyboard.press('Tab');
  assert((await active()) === 't3.carry.np', `6 Tabs from 申请人 自然人 of 本年新收 reach the next row: ${await active()}`);
  const above = await page.evaluate(() => {
    const total = document.querySelector('input[data-cell="t3.total.np"]');
    const r = Number(total.dataset.r);
    const rows = [...document.querySelectorAll('[data-table="三"] input[data-c="0"]')].filter((e) => Number(e.dataset.r) < r);
    return rows[rows.length - 1].dataset.cell;
  });
  await cell(above).click();
  await page.keyboard.press('Enter');
  assert((await active()) === 't3.next.np', `Enter from ${above} skips （七）总计: ${await active()}`);
});

await test('8.13 typing into a computed total asks whether to enter it by hand', async () => {
  await cell('t3.new.total').click();
  const asked = dialogOnce(true);
  await page.keyboard.type('9');
  const { message } = await asked;
  assert(message.includes('手工填写'), 'asked');
  assert(message.startsWith('“表三‘一、本年新收') && !/“[^”]*“/.test(message), `a quotation inside a quotation has single marks: ${message}`);
  assert((await cell('t3.new.total').inputValue()) === '9', 'the key typed is kept');
  assert(await cell('t3.new.total').evaluate((e) => !e.readOnly && e.classList.contains('manual')), 'manual now');
});

await test('8.14 a deleted part heading stays deleted', async () => {
  const h = page.locator('#part-0 input.heading');
  await h.fill('一、总体情况');
  await h.click();
  await page.keyboard.press('Control+a');
  await page.keyboard.press('Backspace');
  await page.keyboard.type('X');
  assert((await h.inputValue()) === 'X', `heading ${await h.inputValue()}`);
  await h.fill('');
  assert((await h.inputValue()) === '' && (await h.getAttribute('placeholder')) === '一、总体情况', 'empty, the default as placeholder');
});

await test('8.15 changing 年度 offers to update the year in the title and opening', async () => {
  await newDraft(2025, '年度测试局');
  const asked = dialogOnce(true);
  await page.locator('[data-testid=year]').fill('2026');
  await page.locator('[data-testid=year]').press('Tab');
  assert((await asked).message.includes('2026年'), 'asked');
  assert((await page.locator('textarea[data-part=title]').inputValue()).includes('2026年'), 'title moved on');
  assert((await page.locator('textarea[data-part=opening]').inputValue()).includes('2026年1月1日'), 'opening moved on');
  await page.waitForTimeout(200);
  assert(!(await finding('S305').count()) && !(await finding('S306').count()), 'no year warnings');
});

await test('8.16 restoring the same backup twice adds nothing; 新建下一年度 twice asks', async () => {
  await page.goto(origin + '/#/');
  const [backup] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid=backup]').click()]);
  const file = readFileSync(await backup.path());
  const rows = page.locator('[data-testid=draft-row]');
  const before = await rows.count();
  await page.locator('[data-testid=restore-file]').setInputFiles({ name: 'backup.json', mimeType: 'application/json', buffer: file });
  await page.locator('.notice', { hasText: '未重复恢复' }).waitFor({ timeout: 5000 });
  assert((await rows.count()) === before, 'no draft doubled');
  const row = rows.filter({ hasText: '跨年测试局2024' }).first();
  const asked = dialogOnce(false);
  await row.locator('[data-testid=next-year]').click();
  assert((await asked).message.includes('已有'), 'asked about the existing next-year draft');
  await page.waitForTimeout(300);
  assert((await rows.count()) === before && page.url().endsWith('#/'), 'nothing created');
});

await test('8.17 a wrong published total: A103 only, the correct text is not called wrong (淮安市政府2024)', async () => {
  await importPasted(page, origin, readFileSync(join(corpus, '2024_huaian_szf.txt'), 'utf8'));
  const td = page.locator('td.cell', { has: cell('t3.new.total') });
  await td.hover();
  await td.locator('button.mode').click();
  await typeInto('t3.new.total', '3129');
  const a = finding('A103').first();
  await a.waitFor({ timeout: 5000 });
  assert((await a.innerText()).includes('3119'), 'A103 says 3119');
  assert(!(await finding('X401').count()), 'no X401 against the correct text “3119件”');
});

await test('8.2 print: the whole report, laid out like the Word export (1,500-character part, whole opening)', async () => {
  await newDraft(2025, '打印测试局');
  const sentence = '本机关将继续推进政府信息公开工作，切实保障人民群众的知情权、参与权、表达权和监督权。';
  let long = '';
  while (long.length < 1450) long += sentence;
  long += '最后一句：以上为本年度总体情况。';
  await page.locator('textarea[data-part="0"]').fill(long);
  const opening = await page.locator('textarea[data-part=opening]').inputValue();
  await page.waitForTimeout(600);
  await page.emulateMedia({ media: 'print' });
  assert(!(await page.locator('[data-testid=findings]').isVisible()), 'findings hidden in print');
  assert(!(await page.locator('.toolbar').isVisible()), 'toolbar hidden in print');
  assert(!(await page.locator('textarea[data-part="0"]').isVisible()), 'the editing boxes are not printed');
  const view = page.locator('[data-testid=print-view]');
  assert(await view.locator('[data-table="三"]').isVisible(), 'tables printed');
  const style = await view.locator('p').first().evaluate((p) => ({ indent: getComputedStyle(p).textIndent, font: getComputedStyle(p).fontFamily }));
  assert(style.indent === '32px' || style.indent.endsWith('em') || parseFloat(style.indent) > 20, `first-line indent: ${style.indent}`);
  assert(style.font.includes('仿宋') || style.font.includes('FangSong'), `仿宋: ${style.font}`);
  const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true });
  await page.emulateMedia({ media: 'screen' });
  const tmp = join(dist, '..', 'target', 'print-test.pdf');
  writeFileSync(tmp, pdf);
  const out = spawnSync('pdftotext', ['-layout', tmp, '-']);
  assert(out.status === 0, 'pdftotext (poppler-utils, scripts/setup.sh --all) reads the PDF');
  const text = out.stdout.toString('utf8').replace(/\s+/g, '');
  assert(text.includes('最后一句：以上为本年度总体情况。'), 'the last sentence of the 1,500-character part is printed');
  assert(text.includes(opening.replace(/\s+/g, '')), 'the whole opening is printed');
});

// ---- issue 7, web items ----

await test('7.14 storage full: a new draft or import says nothing was kept; a draft larger than the whole storage is named so', async () => {
  await page.goto(origin + '/#/');
  await page.waitForSelector('[data-testid=paste-report]');
  await storageFull();
  await page.locator('[data-testid=paste-report]').fill(readFileSync(join(corpus, '2020_minhou_shangwuju.txt'), 'utf8'));
  await page.locator('[data-testid=import-paste]').click();
  const n = page.locator('.notice');
  await n.waitFor({ timeout: 5000 });
  const msg = await n.innerText();
  assert(msg.includes('没有创建') && !msg.includes('仍在本页中'), `nothing was kept, and it says so: ${msg}`);
  await page.reload();
  await page.waitForSelector('[data-testid=import-file]');
  const big = await page.evaluate(() => {
    const key = Object.keys(localStorage).find((k) => k.startsWith('nianbao:draft:') && /"schema":\s*1\b/.test(localStorage.getItem(k)));
    const d = JSON.parse(localStorage.getItem(key));
    d.meta.agency = '超大测试局';
    d.narrative.parts[0].text = 'a'.repeat(6000000);
    return JSON.stringify(d);
  });
  await page.locator('[data-testid=import-file]').setInputFiles({ name: 'big.json', mimeType: 'application/json', buffer: Buffer.from(big) });
  await page.locator('.notice', { hasText: 'MB' }).waitFor({ timeout: 30000 });
  const said = await page.locator('.notice').innerText();
  assert(said.includes('全部本地存储空间还大') && said.includes('没有创建'), `too large for the whole storage: ${said}`);
});

await test('7.15 deleting a damaged draft can be undone; a draft of a newer version is deleted only after a question', async () => {
  await page.evaluate(() => {
    localStorage.setItem('nianbao:draft:future1', '{"schema":2,"edition":"2027","cells":{}}');
    localStorage.setItem('nianbao:meta:future1', '{"name":"新版本的草稿","saved_at":1}');
  });
  await page.reload();
  const row = page.locator('[data-testid=damaged-draft]', { hasText: '新版本的草稿' });
  await row.waitFor({ timeout: 5000 });
  let asked = dialogOnce(false);
  await row.locator('[data-testid=delete-damaged]').click();
  assert((await asked).message.includes('更新版本'), 'asked first');
  assert(await row.isVisible(), 'kept when the clerk says no');
  asked = dialogOnce(true);
  await row.locator('[data-testid=delete-damaged]').click();
  await asked;
  await page.waitForFunction(() => ![...document.querySelectorAll('[data-testid=damaged-draft]')].some((r) => r.textContent.includes('新版本的草稿')));
  await page.locator('.notice button', { hasText: '撤销' }).click();
  await row.waitFor({ timeout: 5000 });
  assert((await page.evaluate(() => localStorage.getItem('nianbao:draft:future1'))).includes('"schema":2'), 'back, unchanged');
  await page.evaluate(() => { localStorage.removeItem('nianbao:draft:future1'); localStorage.removeItem('nianbao:meta:future1'); });
});

await test('8.18 wording: 导出草稿 in the list, 依据 in plain words, V203 on one line with the cells on demand, the full draft name, 公布渠道 and 联系方式 in a new opening', async () => {
  await page.goto(origin + '/#/');
  assert(await page.locator('[data-testid=draft-row] [data-testid=export-draft]').first().innerText() === '导出草稿', 'list says 导出草稿');
  await newDraft(2025, '宁夏回族自治区银川市西夏区某某街道办事处某某社区居民委员会');
  const opening = await page.locator('textarea[data-part=opening]').inputValue();
  assert(opening.includes('门户网站') && opening.includes('电话'), 'opening has 公布渠道 and 联系方式 to fill in');
  const name = page.locator('.toolbar .draft-name');
  assert(await name.evaluate((e) => e.scrollWidth <= e.clientWidth + 2), 'the whole draft name fits');
  const v = finding('V203').first();
  await v.waitFor({ timeout: 5000 });
  const msg = await v.locator('.msg').innerText();
  assert(/^表.有\d+个单元格未填写（按0计算）$/.test(msg), `one line: ${msg}`);
  await v.locator('button', { hasText: '列出单元格' }).click();
  assert((await v.locator('.explain').innerText()).includes('、'), 'the cells on demand');
  await v.locator('button', { hasText: '规则说明' }).click();
  await v.locator('.explain', { hasText: '错误示例' }).waitFor({ timeout: 10000 });
  const why = await v.innerText();
  assert(why.includes('各地通行做法') && !why.includes('依据：实践'), 'plain words for the basis');
});

await test('8.19 Ctrl+Z in a text box takes back the last run of typing, not one character', async () => {
  const area = page.locator('textarea[data-part="5"]');
  await area.click();
  await page.keyboard.type('no fee this year');
  await page.keyboard.press('Control+z');
  const v = await area.inputValue();
  assert(v === '', `after Ctrl+Z: “${v}”`);
});

// ---- issue 21: the clerk's last mile ----

await test('21.1 Ctrl+Z after 空白单元格填0 (the button focused) takes the zeros back, never a typed cell', async () => {
  await newDraft(2025, '撤销测试局');
  await typeKeys('t3.new.np', '7');
  await page.locator('[data-testid=agency]').click();
  await page.locator('[data-testid=fill-zeros]').click();
  assert((await cell('t3.new.biz').inputValue()) === '0', 'the blanks are filled');
  await page.keyboard.press('Control+z');
  assert((await cell('t3.new.np').inputValue()) === '7', `the typed cell is kept: “${await cell('t3.new.np').inputValue()}”`);
  assert((await cell('t3.new.biz').inputValue()) === '', 'the zeros are taken back');
  const kept = (await stored()).cells;
  assert(kept['t3.new.np'] === 7 && !('t3.new.biz' in kept), `stored: ${JSON.stringify(kept)}`);
  await page.keyboard.press('Control+y');
  assert((await cell('t3.new.biz').inputValue()) === '0', 'Ctrl+Y fills them again');
});

await test('21.2 Tab from a table\'s last cell goes to the next table; a heading reached by Tab is never overwritten', async () => {
  await newDraft(2025, '跳格测试局');
  const last = (t) => page.locator(`table.form-table[data-table="${t}"] input[data-cell]:not([readonly])`).last();
  const focused = () => page.evaluate(() => document.activeElement.dataset.cell || document.activeElement.getAttribute('aria-label'));
  await last('二').click();
  await page.keyboard.press('Tab');
  const first3 = await page.locator('table.form-table[data-table="三"] input[data-cell]:not([readonly])').first().getAttribute('data-cell');
  assert((await focused()) === first3, `Tab from 表二 goes to 表三's first cell: ${await focused()}`);
  await page.keyboard.press('Shift+Tab');
  assert((await focused()) === (await last('二').getAttribute('data-cell')), `Shift+Tab goes back: ${await focused()}`);
  await last('四').click();
  await page.keyboard.press('Tab');
  assert((await focused()) === '第5部分标题', `after the last table, the next heading: ${await focused()}`);
  const heading = page.locator('input.heading[aria-label="第5部分标题"]');
  const before = await heading.inputValue();
  await page.keyboard.type('5');
  assert((await heading.inputValue()) === before + '5', `the heading is kept, the key added at its end: “${await heading.inputValue()}”`);
});

await test('21.4 a sum finding goes to the cell typed last among all that make the sum, and names no side as wrong', async () => {
  await newDraft(2025, '勾稽测试局');
  await page.locator('[data-testid=fill-zeros]').click();
  await typeKeys('t3.new.np', '4');
  await typeKeys('t3.open.np', '5'); // one too many in a detail row: 本年新收 is right
  await page.locator('[data-testid=agency]').click();
  const a101 = finding('A101', 'error').filter({ hasText: '“自然人”列' });
  assert((await a101.count()) === 1, 'A101 on 自然人 (and one on 总计)');
  const values = await a101.locator('.values').innerText();
  assert(values.includes('其中至少一格有误') && !values.includes('应为'), `no side named wrong: ${values}`);
  await a101.locator('button.finding-go').click();
  const focusedCell = await page.evaluate(() => document.activeElement.dataset.cell);
  assert(focusedCell === 't3.open.np', `the detail typed last is focused, not 本年新收: ${focusedCell}`);
  const flashing = await page.evaluate(() => [...document.querySelectorAll('input.flash')].map((e) => e.dataset.cell));
  assert(flashing.includes('t3.open.np') && flashing.includes('t3.new.np'), `every cell of the sum is shown: ${flashing}`);
});

await test('21.5 a derived rate (M701, M702) is said as information, never “应为 仅供参考”', async () => {
  await importPasted(page, origin, readFileSync(join(corpus, '2024_huaian_szf.txt'), 'utf8'));
  await page.locator('[data-testid=findings] input[type=checkbox]').check();
  const rate = finding('M701', 'info');
  assert((await rate.count()) === 1, 'M701 shown');
  const text = await rate.innerText();
  assert(text.includes('59.5%') && !text.includes('应为'), `M701: ${text}`);
  await page.locator('[data-testid=findings] input[type=checkbox]').uncheck();
});

await test('21.5b “15件” and “１５” typed into a count cell are 15, the unit dropped and said once', async () => {
  await newDraft(2025, '单位测试局');
  await typeKeys('t3.new.np', '15件');
  await page.locator('[data-testid=agency]').click();
  assert((await cell('t3.new.np').inputValue()) === '15', `shown ${await cell('t3.new.np').inputValue()}`);
  assert((await stored()).cells['t3.new.np'] === 15, 'stored 15');
  assert((await page.locator('.notice').innerText()).includes('单位不必填写'), 'the clerk is told once');
  assert(!(await cell('t3.new.np').getAttribute('class')).includes('has-bad'), 'not flagged');
});

await test('21.5c the toolbar and the panel count the same errors, a cell not kept among them', async () => {
  await newDraft(2025, '计数测试局');
  await typeKeys('t3.new.np', '1.5');
  await page.locator('[data-testid=agency]').click();
  const toolbar = (await page.locator('[data-testid=findings-jump] .bad').innerText()).trim();
  const panel = (await page.locator('[data-testid=findings-errors]').innerText()).trim();
  assert(toolbar === panel && toolbar.startsWith('1 '), `toolbar “${toolbar}”, panel “${panel}”`);
});

// The editor's print as PDF (Chromium's print-to-PDF), one text a page (pdftotext -layout).
async function printedPages(stem) {
  await page.waitForTimeout(600);
  await page.emulateMedia({ media: 'print' });
  const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true });
  await page.emulateMedia({ media: 'screen' });
  const file = join(dist, '..', 'target', `${stem}.pdf`);
  writeFileSync(file, pdf);
  const pages = [];
  for (let p = 1; ; p++) {
    const out = spawnSync('pdftotext', ['-layout', '-f', String(p), '-l', String(p), file, '-']);
    if (out.status !== 0) break;
    pages.push(out.stdout.toString('utf8'));
  }
  return pages;
}
// Words of the rows and headings that must not end a page: table captions and header rows,
// part headings.
const HEADS = ['第二十条第（一）项', '第二十条第（五）项', '第二十条第（六）项', '第二十条第（八）项', '信息内容', '本年制发件数',
  '本年废止件数', '现行有效件数', '本年处理决定数量', '本年收费金额（单位：万元）', '申请人情况', '（本列数据的勾稽关系为：第一项加第二项之和，',
  '等于第三项加第四项之和）', '自然人', '法人或其他组织', '总计', '商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他',
  '行政复议', '行政诉讼', '未经复议直接起诉', '复议后起诉', '结果维持', '结果纠正', '其他结果', '尚未审结', '结果', '维持', '纠正', '审结'];
function checkPrintedPages(name, pages) {
  assert(pages.length >= 3, `${name}: ${pages.length} pages`);
  pages.forEach((text, i) => {
    const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
    const number = (lines[lines.length - 1] || '').replace(/\s+/g, '');
    assert(number === `—${i + 1}—`, `${name}: page ${i + 1} is numbered “— ${i + 1} —”: “${number}”`);
    if (i + 1 === pages.length) return;
    const last = lines[lines.length - 2] || '';
    const words = last.split(/\s+/);
    const heads = words.length <= 4 && words.every((w) => HEADS.some((h) => h.includes(w)));
    assert(!heads, `${name}: page ${i + 1} ends with a caption or header row: “${last}”`);
    assert(!/^[一二三四五六]、/.test(last), `${name}: page ${i + 1} ends with a heading: “${last}”`);
  });
}

await test('21.3 next year\'s draft lists every part still holding last year\'s text (D508) until it is rewritten', async () => {
  await importPasted(page, origin, readFileSync(join(corpus, '2024_huaian_szf.txt'), 'utf8'));
  const agency = await page.locator('[data-testid=agency]').inputValue();
  await page.locator('[data-testid=agency]').fill(agency + '（跨年）');
  await page.waitForTimeout(300);
  await page.goto(origin + '/#/');
  await page.locator('[data-testid=draft-row]', { hasText: agency + '（跨年）' }).first().locator('[data-testid=next-year]').click();
  await page.waitForSelector('[data-table="三"]');
  const d508 = finding('D508');
  await d508.first().waitFor({ timeout: 5000 });
  const texts = await d508.allInnerTexts();
  assert(texts.some((t) => t.includes('六、其他需要报告的事项')), `part 六 listed: ${texts.join(' | ')}`);
  assert(await page.locator('[data-testid=last-year-5]').isVisible(), 'part 六 marked 上年内容');
  await page.locator('textarea[data-part="5"]').fill('2025年，市政府全年收取政府信息公开信息处理费0元。');
  await page.waitForFunction(() => ![...document.querySelectorAll('[data-testid=findings] [data-code="D508"]')].some((e) => e.innerText.includes('六、其他需要报告的事项')), null, { timeout: 5000 });
  assert(!(await page.locator('[data-testid=last-year-5]').count()), 'the mark goes once rewritten');
});

await test('21.6 print: numbered pages, no caption, header row or heading alone at a page foot, both editions', async () => {
  for (const [name, file] of [['淮安市政府2024', '2024_huaian_szf.txt'], ['上海市政府办公厅2019', '2019_shanghai_szfbgt.html'], ['闽侯县商务局2020', '2020_minhou_shangwuju.txt']]) {
    await importPasted(page, origin, readFileSync(join(corpus, file), 'utf8'));
    checkPrintedPages(name, await printedPages('print-pages'));
  }
});

await test('21.6b 落款: read from the report, edited in the editor, printed right-aligned under part 六', async () => {
  await importPasted(page, origin, readFileSync(join(corpus, '2023_suqian_shuyang_fgj.txt'), 'utf8'));
  assert((await page.locator('[data-testid=signature-unit]').inputValue()) === '沭阳县发展和改革局', 'unit read');
  assert((await page.locator('[data-testid=signature-date]').inputValue()) === '2024年1月17日', 'date read');
  assert(!(await page.locator('textarea[data-part="5"]').inputValue()).includes('沭阳县发展和改革局'), 'not left in part 六');
  await page.locator('[data-testid=signature-date]').fill('2024年1月18日');
  await page.waitForTimeout(300);
  assert((await stored()).narrative.signature.date === '2024年1月18日', 'the edit is kept');
  const pages = await printedPages('print-signature');
  const last = pages[pages.length - 1].split('\n').filter((l) => l.trim());
  const unit = last.findIndex((l) => l.includes('沭阳县发展和改革局'));
  assert(unit >= 0 && last[unit + 1].replace(/\s+/g, '') === '2024年1月18日', `unit, then the date: ${last.slice(-4).join(' / ')}`);
  const centre = last[last.length - 1].search(/\S/);
  assert(last[unit].search(/\S/) > centre, `right-aligned (right of the page number “${last[last.length - 1]}”): “${last[unit]}”`);
  await page.locator('[data-testid=signature-unit]').fill('');
  await page.waitForTimeout(300);
  const [txt] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid=export-txt]').click()]);
  const body = readFileSync(await txt.path(), 'utf8').trimEnd().split('\n');
  assert(body[body.length - 1] === '2024年1月18日' && body[body.length - 2] === (await page.locator('[data-testid=agency]').inputValue()),
    `an empty unit prints the agency: ${body.slice(-2).join(' / ')}`);
});

await test('21.7b phone: 导出 opens a menu from the start of the toolbar, its actions in view', async () => {
  await page.setViewportSize({ width: 390, height: 844 });
  try {
    await newDraft(2025, '手机导出测试局');
    assert(!(await page.locator('[data-testid=export-docx]').isVisible()), 'the actions wait in the menu');
    const toggle = await page.locator('[data-testid=export-menu]').boundingBox();
    assert(toggle && toggle.x >= 0 && toggle.x + toggle.width <= 390 && toggle.y < 60, `导出 in view at the top: ${JSON.stringify(toggle)}`);
    await page.locator('[data-testid=export-menu]').click();
    for (const id of ['export-docx', 'copy-html', 'export-html', 'export-txt', 'print', 'export-json']) {
      const b = await page.locator(`[data-testid=${id}]`).boundingBox();
      assert(b && b.x >= 0 && b.x + b.width <= 390 && b.y >= 0 && b.y + b.height <= 844, `${id} in view: ${JSON.stringify(b)}`);
    }
    const [txt] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid=export-txt]').click()]);
    assert(txt.suggestedFilename().endsWith('.txt'), 'exported');
    assert(!(await page.locator('[data-testid=export-docx]').isVisible()), 'the menu closes after an action');
  } finally {
    await page.setViewportSize({ width: 1366, height: 768 });
  }
});

await test('19.1 从台账生成表三: a ledger (CSV written here) → the mapping step → a clean table 三, one undo step, rows on each cell', async () => {
  await newDraft(2025, '台账测试局');
  // line 1 a title, line 2 the header, applications from line 3; line 7 has a date no one can read
  const csv = [
    '台账测试局2025年政府信息公开申请登记台账',
    '收到日期,申请人,申请人类型,答复日期,办理结果,是否延期',
    '2024-12-20,李某,自然人,2025-01-10,予以公开,否',
    '2025/1/6,福州某某科技有限公司,法人或其他组织-商业企业,2025年1月20日,部分公开,否',
    '2025-02-10,某某律师事务所,法人或其他组织-法律服务机构,2025-03-03,不予公开（属于四类过程性信息）,否',
    '2025-03-01,赵某,自然人,2025-04-20,无法提供-本机关不掌握相关政府信息,否',
    '9月5日,郑某,自然人,2025-09-20,予以公开,否',
    '2025-12-15,孙某,自然人,,,',
  ].join('\n');
  await page.locator('[data-testid=ledger-file]').setInputFiles({ name: '台账.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  const step = page.locator('[data-testid=ledger-step]');
  await step.waitFor({ timeout: 30000 });
  assert((await step.innerText()).includes('表头在第2行'), 'the header row found below the title');
  assert((await page.locator('[data-testid=ledger-summary]').innerText()).includes('读取5件申请：本年新收4件，上年结转1件，办结4件，结转下年度1件'),
    await page.locator('[data-testid=ledger-summary]').innerText());
  const sel = (label) => page.locator(`[data-testid="ledger-col-${label}"]`);
  assert((await sel('收到日期').locator('option:checked').innerText()).startsWith('A列'), 'received = A');
  assert((await sel('办理结果').locator('option:checked').innerText()).startsWith('E列'), 'outcome = E');
  const findings = page.locator('[data-testid=ledger-findings]');
  assert((await findings.innerText()).includes('台账第7行的收到日期“9月5日”无法识别'), await findings.innerText());
  assert((await findings.innerText()).includes('台账第6行'), 'the late answer is listed');
  // the clerk takes the type column away: the count is made again, the types told from names
  await sel('申请人类型').selectOption('');
  await page.locator('[data-testid=ledger-findings] [data-code=T103]').waitFor({ timeout: 30000 });
  await page.locator('[data-testid=ledger-step] [data-testid="ledger-col-申请人类型"]').selectOption({ label: 'C列 申请人类型' });
  await page.waitForFunction(() => !document.querySelector('[data-testid=ledger-findings] [data-code=T103]'), null, { timeout: 30000 });
  const part3 = page.locator('textarea[data-part="2"]');
  const before3 = await part3.inputValue();
  await page.locator('[data-testid=ledger-sentence]').check();
  await page.locator('[data-testid=ledger-apply]').click();
  await step.waitFor({ state: 'hidden', timeout: 5000 });
  // part 三's sentence, asked for with the tick
  assert((await part3.inputValue()).startsWith('本年度共收到政府信息公开申请4件，其中自然人2件、法人或其他组织2件，上年结转1件；办结4件'), await part3.inputValue());
  const want = { 't3.new.np': '2', 't3.new.biz': '1', 't3.new.law': '1', 't3.new.total': '4', 't3.carry.np': '1', 't3.open.np': '1',
    't3.partial.biz': '1', 't3.deny_process.law': '1', 't3.unable_none.np': '1', 't3.total.total': '4', 't3.next.np': '1', 't3.reject_repeat.np': '0' };
  for (const [id, v] of Object.entries(want)) {
    assert((await cell(id).inputValue()) === v, `${id}: ${await cell(id).inputValue()} (want ${v})`);
  }
  await page.waitForTimeout(300);
  for (const code of ['A101', 'A102', 'A103', 'V203']) {
    const n = await page.locator(`[data-testid=findings] [data-code="${code}"]`).filter({ hasText: '表三' }).count();
    assert(n === 0, `${code} on table 三 after the ledger`);
  }
  const title = await cell('t3.open.np').getAttribute('title');
  assert(title.includes('本格 1 件') && title.includes('台账“台账.csv”第 3 行'), title);
  assert((await stored()).provenance.ledger.file === '台账.csv', 'the draft records the ledger');
  // one undo step takes the whole table back, and redo puts it again
  await page.locator('[data-testid=ledger-template]').focus();
  await page.keyboard.press('Control+z');
  await page.waitForFunction(() => document.querySelector('input[data-cell="t3.new.np"]').value === '', null, { timeout: 5000 });
  await page.keyboard.press('Control+y');
  await page.waitForFunction(() => document.querySelector('input[data-cell="t3.new.np"]').value === '2', null, { timeout: 5000 });
  // typed over, a cell is the clerk's: no ledger rows on it
  await typeInto('t3.open.np', '3');
  await page.keyboard.press('Tab');
  assert(!(await cell('t3.open.np').getAttribute('title')).includes('台账'), 'no rows on a typed cell');
  await typeInto('t3.open.np', '1');
  await page.keyboard.press('Tab');
  assert(!before3.includes('本年度共收到'), 'nothing was there before the tick');
});

await test('19.2 下载台账模板: an .xlsx with the columns the reader knows; chosen back, it is read (no application yet); with cases on its 行政复议诉讼 sheet, 填入表三 fills table 四 too', async () => {
  const [dl] = await Promise.all([page.waitForEvent('download', { timeout: 30000 }), page.locator('[data-testid=ledger-template]').click()]);
  assert(dl.suggestedFilename().endsWith('.xlsx'), dl.suggestedFilename());
  const path = await dl.path();
  assert(readFileSync(path).subarray(0, 2).toString() === 'PK', 'an xlsx package');
  await page.locator('[data-testid=ledger-file]').setInputFiles({ name: '模板.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: readFileSync(path) });
  const step = page.locator('[data-testid=ledger-step]');
  await step.waitFor({ timeout: 30000 });
  assert((await step.innerText()).includes('工作表“台账”，表头在第2行'), await step.innerText());
  assert((await page.locator('[data-testid=ledger-summary]').innerText()).includes('读取0件申请'), 'no application in a blank ledger');
  assert((await page.locator('[data-testid="ledger-col-办理结果"] option:checked').innerText()).startsWith('H列'), 'outcome = H');
  await step.locator('button', { hasText: '取消' }).click();
  // the template's case sheet (行政复议诉讼) filled by python3's zipfile with three cases: a
  // review upheld, a review corrected, a suit filed in the year and not decided by its end
  const dir = scratchDir('nianbao-cases-');
  const filled = join(dir, '台账.xlsx');
  const py = `
import sys, zipfile
src, dst = sys.argv[1], sys.argv[2]
z = zipfile.ZipFile(src)
parts = {n: z.read(n) for n in z.namelist()}
def cell(ref, text):
    return '<c r="%s" t="inlineStr"><is><t>%s</t></is></c>' % (ref, text)
rows = [('1', '行政复议', '', '2025-02-01', '2025-03-15', '维持'),
        ('2', '行政复议', '', '2025-05-10', '2025-06-20', '撤销'),
        ('3', '行政诉讼', '否', '2025-07-01', '', '')]
xml = ''.join('<row r="%d">%s</row>' % (i + 3, ''.join(cell('%s%d' % ('ABCDEF'[k], i + 3), v) for k, v in enumerate(r) if v))
              for i, r in enumerate(rows))
sheet = parts['xl/worksheets/sheet2.xml'].decode().replace('</sheetData>', xml + '</sheetData>')
parts['xl/worksheets/sheet2.xml'] = sheet.encode()
out = zipfile.ZipFile(dst, 'w', zipfile.ZIP_DEFLATED)
for n, b in parts.items():
    out.writestr(n, b)
out.close()
`;
  const made = spawnSync('python3', ['-c', py, path, filled], { encoding: 'utf8' });
  assert(made.status === 0, `the case sheet filled: ${made.stderr}`);
  await page.locator('[data-testid=ledger-file]').setInputFiles({ name: '台账.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: readFileSync(filled) });
  await step.waitFor({ timeout: 30000 });
  const cases = await page.locator('[data-testid=ledger-cases]').innerText();
  assert(cases.includes('读取3件') && cases.includes('计入行政复议2件、未经复议直接起诉1件、复议后起诉0件'), cases);
  await page.locator('[data-testid=ledger-apply]').click();
  const t4 = async (id) => page.locator(`[data-table="四"] input[data-cell="${id}"]`).inputValue();
  await page.waitForFunction(() => document.querySelector('[data-table="四"] input[data-cell="t4.review.total"]')?.value === '2', null, { timeout: 10000 });
  assert(await t4('t4.review.keep') === '1' && await t4('t4.review.correct') === '1', 'the two reviews');
  assert(await t4('t4.direct.pending') === '1' && await t4('t4.direct.total') === '1', 'the suit not decided');
});

await test('19.3 after the ledger\'s page module, 批量检查 (another page module) still loads in the same page', async () => {
  await page.reload();
  await newDraft(2025, '模块测试局');
  await page.locator('[data-testid=ledger-file]').setInputFiles({ name: '台账.csv', mimeType: 'text/csv',
    buffer: Buffer.from('收到日期,申请人,申请人类型,答复日期,办理结果\n2025-03-03,张三,自然人,2025-03-10,予以公开\n') });
  await page.locator('[data-testid=ledger-step]').waitFor({ timeout: 30000 });
  await page.locator('[data-testid=ledger-step] button', { hasText: '取消' }).click();
  await page.evaluate(() => { location.hash = '#/batch'; });
  await page.locator('[data-testid=batch-folder]').waitFor({ timeout: 30000 });
  assert(!(await page.locator('.batch-host ~ .error, [role=alert]').count()), 'no load error');
});

await test('19.4 a spreadsheet that ends its reader (the workbook worker) is said to be damaged, in the editor and in 批量检查; nothing hangs', async () => {
  // tests/data/damaged_externsheet.xls is the input `cargo fuzz run import_sheet` found, kept as
  // found: an EXTERNSHEET record shorter than its count, on which calamine panics (in the
  // browser the worker ends; natively nianbao-sheet catches it)
  const damaged = { name: '台账.xls', mimeType: 'application/vnd.ms-excel', buffer: readFileSync(join(root, 'tests', 'data', 'damaged_externsheet.xls')) };
  await page.reload();
  await newDraft(2025, '损坏台账测试局');
  await page.locator('[data-testid=ledger-file]').setInputFiles(damaged);
  await page.locator('.notice', { hasText: '无法读取台账' }).waitFor({ timeout: 30000 });
  assert(!(await page.locator('[data-testid=ledger-step]').isVisible()), 'no mapping step');
  // a good ledger still reads afterwards
  await page.locator('[data-testid=ledger-file]').setInputFiles({ name: '台账.csv', mimeType: 'text/csv',
    buffer: Buffer.from('收到日期,申请人,申请人类型,答复日期,办理结果\n2025-03-03,张三,自然人,2025-03-10,予以公开\n') });
  await page.locator('[data-testid=ledger-step]').waitFor({ timeout: 30000 });
  await page.locator('[data-testid=ledger-step] button', { hasText: '取消' }).click();
  // the same file as a roster
  await openBatch();
  await page.locator('[data-testid=batch-roster]').setInputFiles({ ...damaged, name: '名单.xls' });
  await page.locator('.notice', { hasText: '无法读取名单' }).waitFor({ timeout: 30000 });
  await page.locator('[data-testid=batch-files]').setInputFiles([join(corpus, '2024_huaian_szf.txt')]);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=batch-row]').length === 1, null, { timeout: 15000 });
});

await test('21.7 a 撤销 notice stays with its page: after deleting a draft, another draft\'s editor shows no 撤销', async () => {
  await newDraft(2025, '通知测试局');
  await page.goto(origin + '/#/');
  const rows = page.locator('[data-testid=draft-row]');
  const before = await rows.count();
  await rows.filter({ hasNotText: '通知测试局' }).first().locator('[data-testid=delete-draft]').click();
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid=draft-row]').length === n - 1, before);
  assert((await page.locator('.notice button', { hasText: '撤销' }).count()) === 1, 'the delete can be undone here');
  await rows.filter({ hasText: '通知测试局' }).first().locator('a.draft-name').click();
  await page.waitForSelector('[data-table="三"]');
  assert((await page.locator('.notice button', { hasText: '撤销' }).count()) === 0, 'no 撤销 of the deletion in this editor');
  await page.goto(origin + '/#/');
  await page.waitForSelector('[data-testid=drafts]');
  assert((await rows.count()) === before - 1, 'the deletion stands');
});

await test('offline: after the first visit the app loads, and reads a picture, with the network off', async () => {
  await page.goto(origin + '/#/');
  await page.waitForFunction(() => navigator.serviceWorker && navigator.serviceWorker.controller, null, { timeout: 15000 })
    .catch(async () => { await page.reload(); await page.waitForFunction(() => navigator.serviceWorker.controller, null, { timeout: 15000 }); });
  await context.setOffline(true);
  server.closeAllConnections?.();
  await page.reload();
  await page.waitForSelector('[data-testid=drafts]', { timeout: 15000 });
  await page.locator('[data-testid=draft-row] a.draft-name').first().click();
  await page.waitForSelector('[data-table="三"]', { timeout: 15000 });
  // pictures too are read offline: a page of 淮安市's table 三 as a PNG file (pdftoppm)
  const dir = scratchDir('nianbao-png-');
  const png = spawnSync('pdftoppm', ['-r', '150', '-f', '4', '-l', '4', '-png', '-singlefile', join(corpus, '2024_huaian_szf.pdf'), join(dir, 'page')]);
  assert(png.status === 0, 'pdftoppm made the page picture');
  await page.goto(origin + '/#/');
  await page.locator('[data-testid=import-file]').setInputFiles(join(dir, 'page.png'));
  await page.waitForSelector('[data-table="三"]', { timeout: 120000 });
  assert((await cell('t3.new.total').inputValue()) === '3119', `read offline from the picture: ${await cell('t3.new.total').inputValue()}`);
  assert((await page.locator('[data-testid=ocr-banner]').count()) === 1, 'marked as read by OCR');
  await context.setOffline(false);
});

await test('no request ever leaves the origin', async () => {
  assert(outside.length === 0, `requests outside the origin: ${outside.join(', ')}`);
  assert(consoleErrors.length === 0, `page errors: ${consoleErrors.join('; ')}`);
});

await context.close();
server.close();
console.log(`browser tests: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
