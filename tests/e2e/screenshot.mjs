// Screenshots of the built app for the docs and for a look by eye:
// node tests/e2e/screenshot.mjs OUT_DIR
// editor-1366.png (表三 in view), drafts-1366.png, batch-1366.png (批量检查 over the corpus),
// batch-charts-1366.png (its charts), batch-phone.png (390×844, a row's findings in view),
// editor-phone.png and editor-phone-export.png (390×844, the export menu open), ledger-step-1366.png
// (从台账生成表三's mapping step), print-page1.png /
// print-table3.png (打印 to PDF with print media, pages rendered by pdftoppm from poppler-utils).
import { readFileSync, mkdirSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from './server.mjs';
import { launch, importPasted } from './browser.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const out = process.argv[2] || join(root, 'docs', 'img');
mkdirSync(out, { recursive: true });
const corpus = process.env.NIANBAO_CORPUS || join(root, '..', 'shared', 'corpus');
const { server, origin } = await serve(join(root, 'dist'));
const context = await launch();
const page = await context.newPage();
await importPasted(page, origin, readFileSync(join(corpus, '2022_pingtan_gwh.txt'), 'utf8'));
await page.locator('input[data-cell="t3.open.np"]').fill('25');
await page.waitForTimeout(300);
await page.locator('.report [data-table="三"]').scrollIntoViewIfNeeded();
await page.screenshot({ path: join(out, 'editor-1366.png') });

// the printed report: 淮安市政府 2024 (long part 一, a large 表三)
await importPasted(page, origin, readFileSync(join(corpus, '2024_huaian_szf.txt'), 'utf8'));
await page.waitForTimeout(600);
await page.emulateMedia({ media: 'print' });
const tmp = mkdtempSync(join(tmpdir(), 'nianbao-print-'));
writeFileSync(join(tmp, 'print.pdf'), await page.pdf({ format: 'A4', preferCSSPageSize: true }));
await page.emulateMedia({ media: 'screen' });
const pdf = join(tmp, 'print.pdf');
const pages = Number(/Pages:\s+(\d+)/.exec(spawnSync('pdfinfo', [pdf]).stdout.toString())[1]);
let table3 = 1;
for (let p = 1; p <= pages; p++) {
  const t = spawnSync('pdftotext', ['-f', String(p), '-l', String(p), pdf, '-']).stdout.toString().replace(/\s+/g, '');
  if (t.includes('勾稽关系')) { table3 = p; break; }
}
for (const [name, p] of [['print-page1', 1], ['print-table3', table3]]) {
  spawnSync('pdftoppm', ['-r', '60', '-png', '-singlefile', '-f', String(p), '-l', String(p), pdf, join(out, name)]);
}
rmSync(tmp, { recursive: true, force: true });

// 从台账生成表三: the mapping step of a small ledger (a CSV written here; line 6 has a date no one can read)
await page.locator('[data-testid=ledger-file]').setInputFiles({
  name: '台账.csv', mimeType: 'text/csv', buffer: Buffer.from([
    '某某县商务局2025年政府信息公开申请登记台账', '收到日期,申请人,申请人类型,答复日期,办理结果,是否延期',
    '2024-12-20,李某,自然人,2025-01-10,予以公开,否', '2025/1/6,福州某某科技有限公司,,2025年1月20日,部分公开,否',
    '2025-03-01,赵某,自然人,2025-04-20,无法提供-本机关不掌握相关政府信息,否', '9月5日,郑某,自然人,2025-09-20,予以公开,否',
    '2025-12-15,孙某,自然人,,,'].join('\n')),
});
await page.locator('[data-testid=ledger-step]').waitFor();
await page.locator('[data-testid=ledger-step]').scrollIntoViewIfNeeded();
await page.screenshot({ path: join(out, 'ledger-step-1366.png') });
await page.locator('[data-testid=ledger-step] button', { hasText: '取消' }).click();

await page.goto(origin + '/#/');
await page.waitForSelector('[data-testid=drafts]');
await page.screenshot({ path: join(out, 'drafts-1366.png') });

// 批量检查 over the whole corpus folder (PDFs read in the reader worker), one report's findings open
await page.locator('[data-testid=open-batch]').click();
await page.locator('[data-testid=batch-folder]').setInputFiles(corpus);
await page.waitForSelector('[data-testid=batch-download]:not([disabled])', { timeout: 60000 });
await page.locator('[data-testid=batch-row]', { hasText: '2019_shanghai_szfbgt.html' }).click();
await page.waitForTimeout(300);
await page.screenshot({ path: join(out, 'batch-1366.png') });
// the charts of the batch, then the page on a phone (kept for the tab: shown again), a row's
// findings brought into view when the row is touched
await page.locator('[data-testid=batch-charts]').scrollIntoViewIfNeeded();
await page.screenshot({ path: join(out, 'batch-charts-1366.png') });
await page.setViewportSize({ width: 390, height: 844 });
await page.reload();
await page.waitForSelector('[data-testid=batch-row]', { timeout: 30000 });
await page.locator('[data-testid=batch-row]', { hasText: '2024_huaian_szf.txt' }).locator('td').first().click();
await page.waitForTimeout(500);
await page.screenshot({ path: join(out, 'batch-phone.png') });
await page.setViewportSize({ width: 1366, height: 768 });
await page.goto(origin + '/#/');
await page.waitForSelector('[data-testid=drafts]');
await page.setViewportSize({ width: 390, height: 844 });
await page.locator('[data-testid=draft-row] a.draft-name', { hasText: '平潭' }).first().click();
await page.waitForSelector('[data-table="三"]');
await page.locator('.report [data-table="三"]').scrollIntoViewIfNeeded();
await page.screenshot({ path: join(out, 'editor-phone.png') });
// the exports on a phone: a menu opened by 导出 at the start of the toolbar
await page.evaluate(() => window.scrollTo(0, 0));
await page.locator('[data-testid=export-menu]').click();
await page.waitForTimeout(200);
await page.screenshot({ path: join(out, 'editor-phone-export.png') });
await context.close();
server.close();
console.log(`screenshots in ${out} (printed report: ${pages} pages, 表三 on page ${table3})`);
