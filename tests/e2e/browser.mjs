// Launches Debian's headless Chromium through playwright-core, with the flags this closed
// network needs (no background connections).
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Every scratch folder a test run makes (browser profiles, converted files) is removed when the
// process ends, passed or failed, so repeated runs do not fill the disk.
const scratch = [];
process.on('exit', () => {
  for (const dir of scratch) {
    // (a folder a process still writes to is left: the run's result stands)
    try { rmSync(dir, { recursive: true, force: true, maxRetries: 2 }); } catch { /* left */ }
  }
});

/** A new empty folder under the system's temporary folder, removed when the test run ends. */
export function scratchDir(prefix) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  scratch.push(dir);
  return dir;
}

export async function launch() {
  const userDataDir = scratchDir('nianbao-chromium-');
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1366, height: 768 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-default-apps'],
  });
}

// Opens the app and imports a published report by pasting its text; resolves when the editor
// shows the draft.
export async function importPasted(page, origin, text) {
  await page.goto(origin + '/');
  await page.waitForSelector('[data-testid=paste-report]');
  await page.locator('[data-testid=paste-report]').fill(text);
  await page.locator('[data-testid=import-paste]').click();
  await page.waitForSelector('[data-table="三"] input[data-cell]');
}
