import { expect, type Locator, type Page } from '@playwright/test';
import { DEMO_ACCOUNTS } from '../../src-server/seed/world';
import type { DemoAccountKey } from './agent-ui-rest';

/**
 * How the end-to-end tests read the agent UI: through roles and accessible names only (the queue is an ARIA
 * grid whose rows contain the ticket key), never through CSS classes, so a test that passes also proves the
 * UI is navigable with assistive technology.
 */

export const KEY_PATTERN = /PS-\d+/;

/** The key as a whole word: PS-1001 must not match PS-10010. */
export function keyRegExp(key: string): RegExp {
  return new RegExp(`${key.replace(/[-]/g, '\\-')}(?!\\d)`);
}

export function grid(page: Page): Locator {
  return page.getByRole('grid');
}

export async function signIn(page: Page, serviceUrl: string, account: DemoAccountKey): Promise<void> {
  const a = DEMO_ACCOUNTS.find((x) => x.key === account)!;
  await page.getByLabel('Server URL').fill(serviceUrl);
  await page.getByLabel('E-mail').fill(a.email);
  await page.getByLabel('Password').fill(a.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

export interface ShownRow {
  /** 0-based position in the view (aria-rowindex − 2: the header row is 1) */
  readonly index: number;
  readonly key: string;
  readonly status: string;
  readonly selected: boolean;
}

/**
 * The loaded data rows the virtualised grid has in the DOM, in view order. `statusHeader` is the visible name
 * of the status column (it is translated).
 */
export async function shownRows(page: Page, statusHeader = 'Status'): Promise<ShownRow[]> {
  return page.getByRole('grid').evaluate((g, header) => {
    const headers = Array.from(g.querySelectorAll('[role="columnheader"]')).map((h) => h.textContent?.trim() ?? '');
    const statusAt = headers.indexOf(header);
    const rows = Array.from(g.querySelectorAll('[role="row"][aria-rowindex]')).filter((r) => r.getAttribute('aria-rowindex') !== '1' && r.getAttribute('aria-busy') !== 'true');
    return rows
      .map((r) => {
        const cells = Array.from(r.querySelectorAll('[role="gridcell"]')).map((c) => c.textContent ?? '');
        return {
          index: Number(r.getAttribute('aria-rowindex')) - 2,
          key: /PS-\d+/.exec(cells[1] ?? '')?.[0] ?? '',
          status: statusAt >= 0 ? (cells[statusAt] ?? '').trim() : '',
          selected: r.getAttribute('aria-selected') === 'true',
        };
      })
      .sort((a, b) => a.index - b.index);
  }, statusHeader);
}

export function rowWithKey(page: Page, key: string): Locator {
  return grid(page).getByRole('row').filter({ hasText: keyRegExp(key) });
}

export function selectedRow(page: Page): Locator {
  return grid(page).locator('[role="row"][aria-selected="true"]');
}

/** The status gridcell of a row, found by the "Status" column header (columns hide while the detail is open). */
export async function statusCell(page: Page, row: Locator, statusHeader = 'Status'): Promise<Locator> {
  const headers = (await grid(page).getByRole('columnheader').allTextContents()).map((h) => h.trim());
  const at = headers.indexOf(statusHeader);
  expect(at, `a "${statusHeader}" column among ${headers.join(', ')}`).toBeGreaterThanOrEqual(0);
  return row.getByRole('gridcell').nth(at);
}

/** Presses a key with focus on the page body side of things (not in a field), like an agent triaging. */
export async function press(page: Page, ...keys: string[]): Promise<void> {
  for (const k of keys) await page.keyboard.press(k);
}

/** The status bar's pending-changes text, e.g. "3 changes waiting to sync". */
export function pendingCount(page: Page): Locator {
  return page.getByRole('contentinfo', { name: 'Sync status' }).getByText(/changes? waiting to sync/);
}
