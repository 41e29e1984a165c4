import { expect, test, type Page } from '@playwright/test';
import { startTicketService, startWebModeCli, type Running } from './processes';
import { axeScan, describeViolations, seriousOrCritical } from './a11y';
import { grid, press, selectedRow, signIn } from './agent-ui-page';

/**
 * Accessibility of the agent UI (issue 6): axe-core over the sign-in form, the queue, a ticket detail and the
 * escalations board, in web mode against the real service with demo data. Serious and critical violations
 * fail; minor and moderate ones are attached to the report so they stay visible without blocking.
 */
let service: Running;
let web: Running;
let page: Page;

test.beforeAll(async ({ browser }) => {
  service = await startTicketService(300, { manualClock: true });
  web = await startWebModeCli(service.url);
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
});

test.afterAll(async () => {
  await page?.close();
  await web?.stop();
  await service?.stop();
});

async function expectNoSeriousViolations(screen: string): Promise<void> {
  const testInfo = test.info();
  const { violations, passedRules } = await axeScan(page);
  expect(passedRules, 'axe checked a rendered page').toBeGreaterThan(10);
  await testInfo.attach(`axe-${screen}.json`, { body: JSON.stringify(violations, null, 2), contentType: 'application/json' });
  if (violations.length > 0) console.log(`[a11y] ${screen}: minor/moderate findings\n${describeViolations(violations)}`);
  const blocking = seriousOrCritical(violations);
  expect(blocking, `serious/critical axe violations on ${screen}:\n${describeViolations(blocking)}`).toEqual([]);
}

async function signedIn(): Promise<void> {
  if (page.url() === 'about:blank') await page.goto(web.url);
  const heading = page.getByRole('heading', { name: 'Sign in to Support Desk' });
  await expect(grid(page).or(heading)).toBeVisible();
  if (await heading.isVisible()) {
    await signIn(page, service.url, 'agent');
    await expect(grid(page)).toBeVisible();
  }
  await expect(page.getByRole('progressbar')).toHaveCount(0);
}

test('sign-in form', async () => {
  await page.goto(web.url);
  await expect(page.getByRole('heading', { name: 'Sign in to Support Desk' })).toBeVisible();
  await expectNoSeriousViolations('sign-in');
});

test('queue (All open)', async () => {
  await signedIn();
  await press(page, 'Escape', 'g', 'o', 'Home');
  await expect(page.getByRole('heading', { level: 1, name: 'All open' })).toBeVisible();
  await expect(selectedRow(page)).toContainText(/PS-\d+/);
  await expectNoSeriousViolations('queue');
});

test('queue with the status filter popup open and two statuses ticked', async () => {
  await signedIn();
  await press(page, 'Escape', 'g', 'o', 'Home');
  const filterBar = page.getByRole('search', { name: 'Filter the queue' });
  await filterBar.getByRole('button', { name: 'Status: any' }).click();
  const group = filterBar.getByRole('group', { name: 'Status' });
  await group.getByRole('checkbox', { name: 'NEW', exact: true }).check();
  await group.getByRole('checkbox', { name: 'IN PROGRESS', exact: true }).check();
  await expect(filterBar.getByRole('button', { name: 'Status: 2 selected' })).toHaveAttribute('aria-expanded', 'true');
  await expectNoSeriousViolations('queue-filter-popup');
  await group.getByRole('button', { name: 'Any status' }).click();
  await press(page, 'Escape');
  await expect(group).toBeHidden();
  // Escape gave focus back to the filter button; the next test's Enter is meant for the queue.
  await grid(page).focus();
});

test('ticket detail', async () => {
  await signedIn();
  await press(page, 'Escape', 'g', 'o', 'Home');
  await expect(selectedRow(page)).toContainText(/PS-\d+/);
  await press(page, 'Enter');
  await expect(page.getByRole('complementary', { name: 'Ticket detail pane' }).getByRole('article', { name: /^PS-\d+/ })).toBeVisible();
  await expectNoSeriousViolations('detail');
});

test('escalations board', async () => {
  await signedIn();
  await press(page, 'Escape', 'g', 't');
  await expect(page.getByRole('tab', { name: 'Escalations', selected: true })).toBeVisible();
  await expect(page.getByRole('tabpanel').getByText(/PS-\d+/).first()).toBeVisible();
  await expectNoSeriousViolations('escalations-board');
});
