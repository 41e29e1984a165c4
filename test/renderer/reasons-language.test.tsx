// @vitest-environment happy-dom
import { act, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFakeApi, type FakeApi } from './fake-api';
import { bodyRows, press, renderApp, selectedRow, stubLayout } from './render-app';

/**
 * Issue 6, item 3: the core writes reason texts in its own language (the seed's German for the priority rules);
 * the UI renders reasons from their codes in the UI language, in the detail and in "why is this here".
 */
let restore: () => void;
beforeEach(() => {
  restore = stubLayout(680);
});
afterEach(() => restore());

const GERMAN_FROM_CORE = /Meldungen registrierter|übrige Anfragen/;

/** A ticket of the fake with a registered end-user company (index % 4 === 0) and a breached SLA clock. */
async function breachedRegistered(api: FakeApi): Promise<number> {
  for (let i = 0; i < 200; i += 4) {
    const r = await api.calls['ticket.detail']({ ticketId: api.ticketId(i) });
    if (r.ok && r.value.sla.some((c) => c.state === 'breached')) return i;
  }
  throw new Error('fixture has no breached ticket with an end-user company');
}

async function detailReasons(language: 'en' | 'de'): Promise<string[]> {
  const api = createFakeApi({ tickets: 300, settings: { language } });
  const i = await breachedRegistered(api);
  renderApp(api, language);
  await waitFor(() => expect(bodyRows().length).toBeGreaterThan(3));
  act(() => api.emit('ticket.open', { key: api.ticketKey(i) }));
  const label = language === 'en' ? 'Why this ticket is ranked here' : 'Warum das Ticket hier eingereiht ist';
  const list = await screen.findByRole('list', { name: label });
  return within(list)
    .getAllByRole('listitem')
    .map((li) => li.textContent ?? '');
}

describe('priority reasons follow the UI language', () => {
  it('English UI: the detail shows English reasons built from the codes, never the core’s German text', async () => {
    const reasons = await detailReasons('en');
    expect(reasons.join(' | ')).not.toMatch(GERMAN_FROM_CORE);
    expect(reasons[0]).toMatch(/^Registered end-user company: Endkunde \d+$/);
    expect(reasons).toContain('Resolution SLA breached');
  });

  it('German UI: the same reasons in German', async () => {
    const reasons = await detailReasons('de');
    expect(reasons[0]).toMatch(/^Registriertes Endanwenderunternehmen: Endkunde \d+$/);
    expect(reasons).toContain('SLA Lösung verletzt');
  });

  it('"why is this here" renders the reasons from their codes too', async () => {
    const api = createFakeApi({ tickets: 300 });
    renderApp(api);
    await waitFor(() => expect(bodyRows().length).toBeGreaterThan(3));
    const id = selectedRow()!.getAttribute('data-ticket-id')!;
    act(() => press('w'));
    const popover = await screen.findByRole('dialog', { name: new RegExp(api.ticketKey(Number(id.slice(1)) - 1)) });
    const items = await within(popover).findAllByRole('listitem');
    const text = items.map((li) => li.textContent ?? '').join(' | ');
    expect(text).not.toMatch(GERMAN_FROM_CORE);
    expect(text).toMatch(/Registered end-user company|Other request/);
  });
});
