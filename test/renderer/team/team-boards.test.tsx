// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { afterEach, describe, expect, it } from 'vitest';
import type { CallResponse, Language } from '../../../src-shared/ipc/contract';
import type { EscalationRecord, EscalationState } from '../../../src-shared/sync/records';
import { createI18n } from '../../../src-renderer/i18n/setup';
import { TeamBoardsView } from '../../../src-renderer/team/TeamBoards';
import { detailApi, richDetail, type DetailTestApi, type Overrides } from '../detail/detail-fixture';

type Board = CallResponse<'escalations.board'>;
const DAY = 86_400_000;

function escalation(id: string, state: EscalationState, extra: Partial<EscalationRecord> = {}): EscalationRecord {
  const now = Date.now();
  return {
    id,
    ticketId: 't-42',
    state,
    requestedById: 'u-customer',
    requestedAt: new Date(now - DAY).toISOString(),
    reason: `reason ${id}`,
    ownerId: null,
    proposedSlots: [],
    chosenSlot: null,
    meetingLink: null,
    outcome: null,
    nextSteps: null,
    updatedAt: new Date(now - DAY).toISOString(),
    ...extra,
  };
}

const SLOT = '2026-03-10T09:00:00.000Z'; // 10:00 in Berlin (CET)

function board(): Board {
  const entry = (e: EscalationRecord, key: string) => ({ escalation: e, ticketKey: key, ticketTitle: `Title ${key}`, organizationName: 'Alpenhof GmbH' });
  return [
    entry(escalation('e-req', 'requested'), 'PS-1'),
    entry(escalation('e-req2', 'requested'), 'PS-2'),
    entry(escalation('e-prop', 'appointment_proposed', { proposedSlots: [SLOT, '2026-03-11T13:00:00.000Z'] }), 'PS-3'),
    entry(escalation('e-conf', 'confirmed', { proposedSlots: [SLOT], chosenSlot: new Date(Date.now() + 2 * DAY + 65 * 60_000).toISOString(), meetingLink: 'https://meet.example.com/x' }), 'PS-4'),
    entry(escalation('e-held', 'held'), 'PS-5'),
    entry(escalation('e-res', 'resolved', { outcome: 'Driver fixed', nextSteps: 'Roll out 8.4.2' }), 'PS-6'),
  ];
}

function renderBoards(overrides: Overrides = {}, language: Language = 'en'): DetailTestApi {
  const t = detailApi(richDetail(), { 'escalations.board': async () => ({ ok: true, value: board() }), ...overrides });
  render(
    <I18nextProvider i18n={createI18n(language)}>
      <TeamBoardsView api={t.api} />
    </I18nextProvider>,
  );
  return t;
}

function column(name: RegExp): HTMLElement {
  return screen.getByRole('region', { name });
}

afterEach(() => cleanup());

describe('escalations board', () => {
  it('groups escalations by lifecycle state, in lifecycle order, with counts', async () => {
    renderBoards();
    await screen.findByRole('heading', { name: 'Requested (2)' });
    const headings = screen.getAllByRole('heading', { level: 2 }).map((h) => h.textContent);
    expect(headings).toEqual(['Requested (2)', 'Appointment proposed (1)', 'Confirmed (1)', 'Held (1)', 'Resolved (1)']);
    expect(within(column(/^Requested/)).getAllByRole('article').map((a) => a.getAttribute('aria-labelledby') && a.querySelector('h3')?.textContent)).toEqual([
      'PS-1 Title PS-1',
      'PS-2 Title PS-2',
    ]);
    expect(within(column(/^Resolved/)).getByText('Outcome: Driver fixed')).toBeTruthy();
    expect(within(column(/^Confirmed/)).getByText(/Appointment .* \(in 2d 1h\)/)).toBeTruthy();
  });

  it('keeps the heading order (h1 → h2 column → h3 card, no level skipped: axe heading-order) ', async () => {
    renderBoards();
    await screen.findByRole('heading', { name: 'Requested (2)' });
    const levels = screen.getAllByRole('heading').map((h) => Number(h.tagName.slice(1)));
    expect(levels[0]).toBe(1);
    levels.forEach((level, i) => {
      if (i > 0) expect(level - levels[i - 1]!, `heading ${i} jumps from h${levels[i - 1]} to h${level}`).toBeLessThanOrEqual(1);
    });
    expect(document.getElementById('sd-esc-col-requested')!.tagName).toBe('H2');
  });

  it('shows the appointment time and the meeting link on separate lines, the whole link in its title', async () => {
    renderBoards();
    await screen.findByRole('heading', { name: 'Confirmed (1)' });
    const time = await within(column(/^Confirmed/)).findByText(/^Appointment .* \(in 2d 1h\)$/);
    const link = within(column(/^Confirmed/)).getByText('Meeting link: https://meet.example.com/x');
    expect(time.contains(link)).toBe(false);
    expect(link.tagName).toBe('P');
    expect(link.getAttribute('title')).toBe('https://meet.example.com/x');
  });

  it('offers only the next lifecycle steps on each card', async () => {
    renderBoards();
    await screen.findByRole('heading', { name: 'Requested (2)' });
    const names = (col: RegExp) => within(column(col)).getAllByRole('button').map((b) => b.textContent);
    expect(names(/^Requested/)).toEqual(['Open dossier', 'Propose slots…', 'Open dossier', 'Propose slots…']);
    expect(names(/^Appointment proposed/)).toEqual(['Open dossier', 'Propose other slots…', 'Confirm appointment…']);
    expect(names(/^Confirmed/)).toEqual(['Open dossier', 'Mark as held']);
    expect(names(/^Held/)).toEqual(['Open dossier', 'Record outcome…']);
    expect(names(/^Resolved/)).toEqual(['Open dossier']);
  });

  it('proposes slots entered in Berlin time as UTC instants', async () => {
    const t = renderBoards();
    await screen.findByRole('heading', { name: 'Requested (2)' });
    fireEvent.click(within(column(/^Requested/)).getAllByRole('button', { name: 'Propose slots…' })[0]!);
    const dialog = screen.getByRole('dialog', { name: 'Propose appointment slots for PS-1' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Propose slots' }));
    expect(within(dialog).getByRole('alert').textContent).toBe('Enter at least one slot.');
    fireEvent.change(within(dialog).getByLabelText('Slot 1'), { target: { value: '2026-03-10T10:00' } });
    fireEvent.change(within(dialog).getByLabelText('Slot 2'), { target: { value: '2026-07-01T14:30' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Propose slots' }));
    await waitFor(() =>
      expect(t.mutations).toEqual([
        { name: 'escalation_propose_slots', args: { escalationId: 'e-req', slots: ['2026-03-10T09:00:00.000Z', '2026-07-01T12:30:00.000Z'] } },
      ]),
    );
  });

  it('confirms a proposed slot with a meeting link, marks held and records the outcome', async () => {
    const t = renderBoards();
    await screen.findByRole('heading', { name: 'Requested (2)' });
    fireEvent.click(within(column(/^Appointment proposed/)).getByRole('button', { name: 'Confirm appointment…' }));
    let dialog = screen.getByRole('dialog', { name: 'Confirm the appointment for PS-3' });
    fireEvent.click(within(dialog).getAllByRole('radio')[1]!);
    fireEvent.change(within(dialog).getByLabelText('Meeting link'), { target: { value: 'not a link' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Confirm appointment' }));
    expect(within(dialog).getByRole('alert').textContent).toContain('https://');
    fireEvent.change(within(dialog).getByLabelText('Meeting link'), { target: { value: 'https://meet.example.com/abc' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Confirm appointment' }));
    await waitFor(() =>
      expect(t.mutations[0]).toEqual({
        name: 'escalation_confirm',
        args: { escalationId: 'e-prop', slot: '2026-03-11T13:00:00.000Z', meetingLink: 'https://meet.example.com/abc' },
      }),
    );

    fireEvent.click(within(column(/^Confirmed/)).getByRole('button', { name: 'Mark as held' }));
    await waitFor(() => expect(t.mutations[1]).toEqual({ name: 'escalation_mark_held', args: { escalationId: 'e-conf' } }));

    fireEvent.click(within(column(/^Held/)).getByRole('button', { name: 'Record outcome…' }));
    dialog = screen.getByRole('dialog', { name: 'Outcome of the escalation meeting for PS-5' });
    fireEvent.change(within(dialog).getByLabelText('Outcome'), { target: { value: 'Workaround agreed' } });
    fireEvent.change(within(dialog).getByLabelText('Next steps'), { target: { value: 'Hotfix in 8.4.2' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save outcome' }));
    await waitFor(() =>
      expect(t.mutations[2]).toEqual({ name: 'escalation_resolve', args: { escalationId: 'e-held', outcome: 'Workaround agreed', nextSteps: 'Hotfix in 8.4.2' } }),
    );
  });

  it('shows a refused escalation change with its code and keeps the dialog open', async () => {
    const t = renderBoards();
    await screen.findByRole('heading', { name: 'Requested (2)' });
    t.failNextMutation({ code: 'FORBIDDEN', message: 'team leads own escalations' });
    fireEvent.click(within(column(/^Held/)).getByRole('button', { name: 'Record outcome…' }));
    const dialog = screen.getByRole('dialog');
    fireEvent.change(within(dialog).getByLabelText('Outcome'), { target: { value: 'x' } });
    fireEvent.change(within(dialog).getByLabelText('Next steps'), { target: { value: 'y' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save outcome' }));
    expect((await within(dialog).findByRole('alert')).textContent).toContain('FORBIDDEN');
    expect(screen.getByRole('dialog')).toBe(dialog);
  });

  it("opens a dossier with clocks, participants, timeline and the organisation's other open tickets", async () => {
    const t = renderBoards();
    await screen.findByRole('heading', { name: 'Requested (2)' });
    fireEvent.click(within(column(/^Requested/)).getAllByRole('button', { name: 'Open dossier' })[0]!);
    const dossier = await screen.findByRole('region', { name: 'Dossier: PS-1 Title PS-1' });
    await within(dossier).findByRole('heading', { name: 'SLA' });
    expect(within(dossier).getByRole('heading', { name: 'History' })).toBeTruthy();
    expect(within(dossier).getByText('it@alpenhof.example')).toBeTruthy();
    await waitFor(() => expect(t.fake.log.some((c) => c.name === 'queue.window')).toBe(true));
    const call = t.fake.log.find((c) => c.name === 'queue.window')!;
    expect(call.request).toMatchObject({ view: 'all_open', filter: { organizationId: 'org-alpenhof' } });
    expect(within(dossier).getByRole('heading', { name: "The organisation's other open tickets" })).toBeTruthy();
  });
});

describe('SLA at risk and workload', () => {
  it('lists the sla_at_risk view with assignee and countdowns', async () => {
    const t = renderBoards();
    fireEvent.click(await screen.findByRole('tab', { name: 'SLA at risk' }));
    const table = await screen.findByRole('table', { name: /SLA at risk or breached/ });
    const request = t.fake.log.find((c) => c.name === 'queue.window')!.request as { view: string; offset: number };
    expect(request).toMatchObject({ view: 'sla_at_risk', offset: 0 });
    const expected = await t.fake.calls['queue.window']({ view: 'sla_at_risk', filter: {}, offset: 0, limit: 200 });
    if (!expected.ok) throw new Error('fake failed');
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(expected.value.rows.length);
    expect(rows[0]!.textContent).toContain(expected.value.rows[0]!.key);
  });

  it('renders workload per agent, breaches first', async () => {
    renderBoards({
      'team.workload': async () => ({
        ok: true,
        value: [
          { userId: 'u-a', displayName: 'Anna Agent', open: 12, atRisk: 1, breached: 0 },
          { userId: 'u-b', displayName: 'Ben Berger', open: 4, atRisk: 0, breached: 2 },
        ],
      }),
    });
    fireEvent.click(await screen.findByRole('tab', { name: 'Workload' }));
    const table = await screen.findByRole('table', { name: 'Open tickets per agent' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((r) => within(r).getByRole('rowheader').textContent)).toEqual(['Ben Berger', 'Anna Agent']);
    expect(within(rows[1]!).getAllByRole('cell').map((c) => c.textContent)).toEqual(['12', '1', '0']);
  });

  it('moves between tabs with the arrow keys', async () => {
    renderBoards();
    const first = await screen.findByRole('tab', { name: 'Escalations' });
    first.focus();
    fireEvent.keyDown(first, { key: 'ArrowRight' });
    const second = screen.getByRole('tab', { name: 'SLA at risk' });
    expect(second.getAttribute('aria-selected')).toBe('true');
    expect(document.activeElement).toBe(second);
  });
});
