// @vitest-environment happy-dom
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFakeApi } from './fake-api';
import { bodyRows, press, renderApp, stubLayout } from './render-app';

let restore: () => void;
beforeEach(() => {
  restore = stubLayout(680);
});
afterEach(() => restore());

describe('language and theme', () => {
  it('switches to German without a restart, persists it, and formats numbers in German', async () => {
    const api = createFakeApi({ tickets: 5_000 });
    renderApp(api);
    const allOpen = await screen.findByRole('button', { name: /All open/ });
    await waitFor(() => expect(allOpen.textContent).toMatch(/\d,\d{3}/));
    act(() => press(','));
    const dialog = await screen.findByRole('dialog', { name: 'Settings' });
    fireEvent.change(within(dialog).getByRole('combobox', { name: 'Language' }), { target: { value: 'de' } });
    await waitFor(() => expect(screen.getByRole('dialog', { name: 'Einstellungen' })).toBeTruthy());
    expect(api.log.find((c) => c.name === 'settings.set')?.request).toEqual({ language: 'de' });
    expect(api.state.settings.language).toBe('de');
    const alleOffenen = screen.getByRole('button', { name: /Alle offenen/ });
    expect(alleOffenen.textContent).toMatch(/\d\.\d{3}/);
    expect(screen.getByRole('grid', { name: 'Ticket-Warteschlange' })).toBeTruthy();
    expect(screen.getByRole('columnheader', { name: 'Betroffenes Endanwenderunternehmen' })).toBeTruthy();
    // Status labels stay the seed's capitals in German.
    fireEvent.click(screen.getByRole('button', { name: 'Status: alle' }));
    expect(within(screen.getByRole('group', { name: 'Status' })).getByRole('checkbox', { name: 'FEEDBACK REQUEST' })).toBeTruthy();
    expect(document.documentElement.lang).toBe('de');

    fireEvent.change(within(screen.getByRole('dialog', { name: 'Einstellungen' })).getByRole('combobox', { name: 'Sprache' }), { target: { value: 'en' } });
    await waitFor(() => expect(screen.getByRole('dialog', { name: 'Settings' })).toBeTruthy());
  });

  it('applies a settings change pushed by the core (another window)', async () => {
    const api = createFakeApi();
    renderApp(api);
    await screen.findByRole('grid', { name: 'Ticket queue' });
    act(() => api.emit('settings.changed', { ...api.state.settings, language: 'de' }));
    await waitFor(() => expect(screen.getByRole('grid', { name: 'Ticket-Warteschlange' })).toBeTruthy());
  });

  it('follows the OS theme by default and applies an explicit choice', async () => {
    const api = createFakeApi();
    renderApp(api);
    await screen.findByRole('grid');
    expect(document.documentElement.dataset.theme).toBeUndefined();
    act(() => press(','));
    const dialog = await screen.findByRole('dialog', { name: 'Settings' });
    fireEvent.change(within(dialog).getByRole('combobox', { name: 'Theme' }), { target: { value: 'dark' } });
    await waitFor(() => expect(document.documentElement.dataset.theme).toBe('dark'));
    expect(api.state.settings.theme).toBe('dark');
  });
});

describe('filters and saved views', () => {
  it('filters by status and text, then saves the view and reopens it with g 1', async () => {
    const api = createFakeApi({ tickets: 1_000 });
    renderApp(api);
    await waitFor(() => expect(bodyRows().length).toBeGreaterThan(3));
    fireEvent.click(screen.getByRole('button', { name: 'Status: any' }));
    fireEvent.click(within(screen.getByRole('group', { name: 'Status' })).getByRole('checkbox', { name: 'NEW' }));
    await waitFor(() => expect(bodyRows().every((r) => within(r).queryByText('NEW') !== null)).toBe(true));
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search tickets' }), { target: { value: 'LDAP' } });
    await waitFor(() => {
      const last = api.log.filter((c) => c.name === 'queue.window').at(-1)!.request as { filter: { text?: string } };
      expect(last.filter.text).toBe('LDAP');
    });
    await waitFor(() => expect(bodyRows().length).toBeGreaterThan(0));
    expect(bodyRows().every((r) => /LDAP/.test(r.textContent ?? ''))).toBe(true);

    act(() => press('v'));
    const dialog = await screen.findByRole('dialog', { name: 'Save current view' });
    fireEvent.change(within(dialog).getByRole('textbox', { name: 'Name' }), { target: { value: 'New LDAP' } });
    act(() => within(dialog).getByRole('button', { name: 'Save view' }).click());
    await waitFor(() => expect(api.state.settings.savedViews.map((v) => v.name)).toEqual(['New LDAP']));
    expect(api.state.settings.savedViews[0]!.filter).toEqual({ assignee: 'me', statuses: ['NEW'], text: 'LDAP' });

    act(() => press('g'));
    act(() => press('o'));
    await waitFor(() => expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('All open'));
    act(() => press('g'));
    act(() => press('1'));
    await waitFor(() => expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('New LDAP'));
    const last = api.log.filter((c) => c.name === 'queue.window').at(-1)!.request as { view: unknown; filter: unknown };
    expect(last).toMatchObject({ view: null, filter: { assignee: 'me', statuses: ['NEW'], text: 'LDAP' } });
  });

  it('shows why a ticket is ranked where it is', async () => {
    const api = createFakeApi({ tickets: 300 });
    renderApp(api);
    await waitFor(() => expect(bodyRows().length).toBeGreaterThan(3));
    const key = within(bodyRows()[0]!).getByText(/^PS-\d+$/).textContent!;
    act(() => within(bodyRows()[0]!).getByRole('button', { name: `Why is ${key} here?` }).click());
    const popover = await screen.findByRole('dialog', { name: `Why is ${key} here?` });
    await waitFor(() => expect(within(popover).getAllByRole('listitem').length).toBeGreaterThan(0));
    act(() => press('w'));
    await waitFor(() => expect(screen.queryByRole('dialog', { name: `Why is ${key} here?` })).toBeNull());
  });
});
