import { expect, test } from '@playwright/test';
import { DEMO_AGENT, serviceTicket, startTicketService, startWebModeCli, type Running } from './processes';

// Web mode end to end: the real ticket service with demo data, `npm run web`, Debian Chromium.
let service: Running;
let web: Running;

test.beforeAll(async () => {
  service = await startTicketService(300);
  web = await startWebModeCli(service.url);
});
test.afterAll(async () => {
  await web?.stop();
  await service?.stop();
});

test('web mode refuses requests and sockets without the launch token', async () => {
  const origin = new URL(web.url).origin;
  expect(new URL(web.url).hostname).toBe('127.0.0.1');
  expect((await fetch(`${origin}/`)).status).toBe(401);
  expect((await fetch(`${origin}/?token=wrong`)).status).toBe(401);
  expect((await fetch(web.url)).status).toBe(200);
});

test('sign in, bootstrap with progress, queue visible, one transition round-trips to the service', async ({ page }) => {
  // Every contract event the page receives, to see the bootstrap progress however fast it runs.
  const syncStates: { bootstrap: { done: number; total: number; active: boolean } }[] = [];
  page.on('websocket', (ws) =>
    ws.on('framereceived', ({ payload }) => {
      const frame = JSON.parse(String(payload)) as { t: string; name?: string; payload?: unknown };
      if (frame.t === 'event' && frame.name === 'sync.state') syncStates.push(frame.payload as (typeof syncStates)[number]);
    }),
  );

  await page.goto(web.url);
  await expect(page.getByRole('heading', { name: 'Sign in to Support Desk' })).toBeVisible();
  await page.getByLabel('Server URL').fill(service.url);
  await page.getByLabel('E-mail').fill(DEMO_AGENT.email);
  await page.getByLabel('Password').fill(DEMO_AGENT.password);
  await page.getByRole('button', { name: 'Sign in' }).click();

  const grid = page.getByRole('grid');
  await expect(grid).toBeVisible();
  await expect(grid.getByRole('row').filter({ hasText: /PS-\d+/ }).first()).toBeVisible();
  // bootstrap progress was reported while it ran, and it finished
  expect(syncStates.some((s) => s.bootstrap.active && s.bootstrap.total > 0)).toBe(true);
  await expect.poll(() => syncStates.at(-1)?.bootstrap.active).toBe(false);

  // one NEW ticket → IN PROGRESS
  await page.getByRole('navigation').getByRole('button', { name: /All open/ }).click();
  await page.getByRole('button', { name: /^Status:/ }).click();
  await page.getByRole('group', { name: 'Status' }).getByRole('checkbox', { name: 'NEW', exact: true }).check();
  await page.keyboard.press('Escape');
  const row = grid.getByRole('row').filter({ hasText: /PS-\d+/ }).filter({ hasText: 'NEW' }).first();
  const key = /PS-\d+/.exec((await row.textContent()) ?? '')![0];
  expect((await serviceTicket(service.url, key)).status).toBe('NEW');
  await row.dblclick();
  await page.getByRole('button', { name: 'Move to IN PROGRESS' }).click();
  await expect.poll(async () => (await serviceTicket(service.url, key)).status, { timeout: 30_000 }).toBe('IN_PROGRESS');
});
