// Screenshots of the built app for the docs and for a look by eye:
// node tests/e2e/screenshot.mjs OUT_DIR
import { readFileSync, mkdirSync } from 'node:fs';
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
await page.locator('[data-table="三"]').scrollIntoViewIfNeeded();
await page.screenshot({ path: join(out, 'editor-1366.png') });
await page.goto(origin + '/#/');
await page.waitForSelector('[data-testid=drafts]');
await page.screenshot({ path: join(out, 'drafts-1366.png') });
await page.setViewportSize({ width: 390, height: 844 });
await page.locator('[data-testid=draft-row] a.draft-name').first().click();
await page.waitForSelector('[data-table="三"]');
await page.screenshot({ path: join(out, 'editor-phone.png') });
await context.close();
server.close();
console.log('screenshots in ' + out);
