// Browser tests: drive the real built site (dist/, served on 127.0.0.1) in headless Chromium.
// Prints one line per test and a closing "N passed, N failed"; exits 1 on any failure.
import { readFileSync, existsSync, mkdtempSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from './server.mjs';
import { launch } from './browser.mjs';

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
page.on('pageerror', (e) => consoleErrors.push(String(e)));

let passed = 0;
let failed = 0;
async function test(name, fn) {
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

await test('numeric cells refuse letters and keep blank apart from 0', async () => {
  await typeInto('t3.carry.np', 'x');
  assert((await cell('t3.carry.np').inputValue()) === '', 'letters are refused');
  await typeInto('t3.carry.np', '０');
  assert((await cell('t3.carry.np').inputValue()) === '0', 'full-width digits are accepted');
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
  assert(await page.evaluate(() => document.activeElement.dataset.cell) === 't4.review.keep', 'focus on the cell');
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
}

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
  // LibreOffice (installed by scripts/setup.sh --all) opens it: 汇总 has the 8 reports
  const dir = mkdtempSync(join(tmpdir(), 'nianbao-batch-'));
  copyFileSync(await download.path(), join(dir, 'book.xlsx'));
  const lo = spawnSync('soffice', [`-env:UserInstallation=file://${dir}/lo`, '--headless', '--convert-to',
    'csv:Text - txt - csv (StarCalc):44,34,76', '--outdir', dir, join(dir, 'book.xlsx')]);
  assert(existsSync(join(dir, 'book.csv')), `LibreOffice converts the workbook: ${lo.error || lo.stderr}`);
  const summary = readFileSync(join(dir, 'book.csv'), 'utf8').trim().split('\n');
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

await test('批量检查: a whole folder, PDFs listed as not readable; 打开为草稿 stores exactly that report', async () => {
  await openBatch();
  await page.locator('[data-testid=batch-folder]').setInputFiles(corpus);
  await page.waitForSelector('[data-testid=batch-download]:not([disabled])', { timeout: 30000 });
  const rows = await batchRows.count();
  assert(rows >= 20, `the corpus folder's reports, partial ones included: ${rows}`);
  assert((await batchRows.filter({ hasText: 'partial/' }).count()) > 0, 'files shown with their folder');
  const unread = await page.locator('[data-testid=batch-unread]').innerText();
  assert(unread.includes('2024_huaian_szf.pdf') && unread.includes('PDF'), `PDFs listed: ${unread}`);
  const before = await draftKeys();
  await batchRows.filter({ hasText: '2024_huaian_szf.txt' }).locator('[data-testid=batch-open]').click();
  await page.waitForSelector('[data-table="三"]');
  assert((await cell('t3.new.total').inputValue()) === '3119', 'the report opened as a draft');
  const after = await draftKeys();
  assert(after.length === before.length + 1, `one draft stored: ${before.length} → ${after.length}`);
});

await test('print: A4 layout without navigation or findings', async () => {
  await page.emulateMedia({ media: 'print' });
  assert(!(await page.locator('[data-testid=findings]').isVisible()), 'findings hidden in print');
  assert(!(await page.locator('.toolbar').isVisible()), 'toolbar hidden in print');
  assert(await page.locator('[data-table="三"]').isVisible(), 'tables printed');
  const pdf = await page.pdf({ format: 'A4' });
  assert(pdf.length > 10000, 'a PDF');
  await page.emulateMedia({ media: 'screen' });
});

await test('offline: after the first visit the app loads with the network off', async () => {
  await page.goto(origin + '/#/');
  await page.waitForFunction(() => navigator.serviceWorker && navigator.serviceWorker.controller, null, { timeout: 15000 })
    .catch(async () => { await page.reload(); await page.waitForFunction(() => navigator.serviceWorker.controller, null, { timeout: 15000 }); });
  await context.setOffline(true);
  server.closeAllConnections?.();
  await page.reload();
  await page.waitForSelector('[data-testid=drafts]', { timeout: 15000 });
  await page.locator('[data-testid=draft-row] a.draft-name').first().click();
  await page.waitForSelector('[data-table="三"]', { timeout: 15000 });
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
