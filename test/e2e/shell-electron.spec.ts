import { _electron as electron, expect, test } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { electronBinary } from '../../src-main/web/renderer-build';
import { APP_ROOT, DEMO_AGENT, serviceTicket, startTicketService } from './processes';

// The desktop app itself. It runs wherever the Electron binary is installed (workstations); elsewhere it is
// reported as skipped with the reason, never as passed.
const binary = electronBinary(APP_ROOT);

test('Electron: navigation and window.open are denied, a triage action round-trips', async () => {
  if (binary === null) {
    // The list reporter shows this line; the annotation carries the same reason into JSON/HTML reports.
    console.log('skipped: no Electron binary');
    test.skip(true, 'skipped: no Electron binary');
  }
  const service = await startTicketService(200);
  const dataDir = mkdtempSync(join(tmpdir(), 'e2e-electron-'));
  const app = await electron.launch({
    executablePath: binary!,
    args: [APP_ROOT],
    env: {
      ...process.env,
      SUPPORT_DESK_DATA_DIR: dataDir,
      SUPPORT_DESK_SERVER_URL: service.url,
      SUPPORT_DESK_DEMO_EMAIL: DEMO_AGENT.email,
      SUPPORT_DESK_DEMO_PASSWORD: DEMO_AGENT.password,
    },
  });
  try {
    const page = await app.firstWindow();
    expect(page.url()).toMatch(/^app:\/\/support-desk\//);
    // Browser globals, typed locally: this file is compiled with Node types only.
    type Win = { require?: unknown; open(url: string): unknown; location: { href: string } };
    expect(await page.evaluate(() => typeof (globalThis as unknown as { require?: unknown }).require)).toBe('undefined');

    const opened = await page.evaluate(() => (globalThis as unknown as { window: Win }).window.open('https://www.estos.de/') === null);
    expect(opened).toBe(true);
    expect(app.windows()).toHaveLength(1);
    await page.evaluate(() => {
      (globalThis as unknown as { window: Win }).window.location.href = 'https://example.com/';
    });
    await expect.poll(() => page.url()).toMatch(/^app:\/\/support-desk\//);

    const grid = page.getByRole('grid');
    await expect(grid.getByRole('row').filter({ hasText: /PS-\d+/ }).first()).toBeVisible({ timeout: 60_000 });
    await page.getByRole('navigation').getByRole('button', { name: /All open/ }).click();
    await page.getByRole('button', { name: /^Status:/ }).click();
    await page.getByRole('group', { name: 'Status' }).getByRole('checkbox', { name: 'NEW', exact: true }).check();
    await page.keyboard.press('Escape');
    const row = grid.getByRole('row').filter({ hasText: /PS-\d+/ }).filter({ hasText: 'NEW' }).first();
    const key = /PS-\d+/.exec((await row.textContent()) ?? '')![0];
    await row.dblclick();
    await page.getByRole('button', { name: /IN PROGRESS/ }).first().click();
    await expect.poll(async () => (await serviceTicket(service.url, key)).status, { timeout: 30_000 }).toBe('IN_PROGRESS');
  } finally {
    await app.close();
    await service.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
