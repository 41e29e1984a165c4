// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Language } from '../../../src-shared/ipc/contract';
import { useDraftsStore } from '../../../src-renderer/detail/drafts-store';
import { TicketDetailView, type Me } from '../../../src-renderer/detail/TicketDetail';
import { createI18n } from '../../../src-renderer/i18n/setup';
import { runAction } from '../../../src-renderer/keyboard/action-registry';
import { detailApi, richDetail, type DetailTestApi } from './detail-fixture';

const ME: Me = { id: 'u-me', role: 'agent' };

function renderDetail(t: DetailTestApi, language: Language = 'en', me: Me | null = ME) {
  const i18n = createI18n(language);
  return render(
    <I18nextProvider i18n={i18n}>
      <TicketDetailView api={t.api} ticketId="t-42" me={me} />
    </I18nextProvider>,
  );
}

async function ready(): Promise<HTMLElement> {
  return screen.findByRole('heading', { level: 2, name: /PS-10042/ });
}

beforeEach(() => {
  localStorage.clear();
  useDraftsStore.setState({ drafts: {} });
});
afterEach(() => cleanup());

describe('ticket detail: sections', () => {
  it('renders description, checklist, conversation, people, SLA, projected transition, history, links and escalation', async () => {
    renderDetail(detailApi(richDetail()));
    await ready();
    for (const name of ['Description', 'Checklist', 'Conversation (2)', 'People', 'SLA', 'History', 'Links and escalation']) {
      expect(screen.getByRole('heading', { name })).toBeTruthy();
    }
    expect(screen.getByText('Client crashes after login')).toBeTruthy();
    expect(screen.getByText('Not answered')).toBeTruthy(); // stepsTried is empty
    expect(screen.getByText(/Paul Partner <paul@alpenhof\.example>/)).toBeTruthy();
    expect(screen.getByText('Alpenhof GmbH')).toBeTruthy();
    expect(screen.getByText('Bergbahn AG (not registered)')).toBeTruthy();
    expect(screen.getByText(/Organisation \(everyone/)).toBeTruthy();
    expect(screen.getByText('it@alpenhof.example')).toBeTruthy();
    expect(screen.getByText('Contract SLA-2024-7, tier gold.')).toBeTruthy();
    const clocks = within(screen.getByRole('list', { name: 'SLA clocks' })).getAllByRole('listitem');
    expect(clocks.map((c) => c.getAttribute('data-tone'))).toEqual(['met', 'at_risk', 'paused']);
    expect(clocks[2]!.textContent).toContain('Paused while waiting for the customer.');
    expect(screen.getByText(/→ FEEDBACK PENDING on .* unless the customer replies/)).toBeTruthy();
    expect(screen.getByText(/Automation changed impact from 2 to 3/)).toBeTruthy();
    expect(screen.getByText(/Ben Berger changed status from IN PROGRESS to FEEDBACK REQUEST/)).toBeTruthy();
    expect(screen.getByText('PS-10007 TAPI driver outage (IN PROGRESS)')).toBeTruthy();
    expect(screen.getByText('PS-10050 Same crash at Brenner IT (NEW)')).toBeTruthy();
    expect(screen.getByText('Appointment proposed')).toBeTruthy();
    expect(screen.getByText('2 changes waiting to sync')).toBeTruthy();
  });

  it('shows the projected transition in German with German weekday formatting', async () => {
    renderDetail(detailApi(richDetail()), 'de');
    await screen.findByRole('heading', { level: 2, name: /PS-10042/ });
    expect(screen.getByText(/→ FEEDBACK PENDING am .*, sofern der Kunde nicht antwortet/)).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'Kommunikation (2)' })).toBeTruthy();
  });

  it('reports a load failure with its code instead of an empty pane', async () => {
    const t = detailApi(richDetail(), {
      'ticket.detail': async () => ({ ok: false, error: { code: 'NOT_FOUND', message: 'ticket t-42 is not in the local cache' } }),
    });
    renderDetail(t);
    expect((await screen.findByRole('alert')).textContent).toContain('NOT_FOUND');
  });
});

describe('ticket detail: conversation', () => {
  it('marks internal notes distinctly: own label, kind, class and accessible name', async () => {
    renderDetail(detailApi(richDetail()));
    await ready();
    const note = screen.getByRole('article', { name: /^Internal note by Ben Berger/ });
    const reply = screen.getByRole('article', { name: /^Public reply by Ben Berger/ });
    expect(note.getAttribute('data-kind')).toBe('internal');
    expect(note.className).toContain('sd-comment--internal');
    expect(within(note).getByText('Internal note')).toBeTruthy();
    expect(within(note).getByText('Looks like the known TAPI driver issue.')).toBeTruthy();
    expect(reply.getAttribute('data-kind')).toBe('public');
    expect(reply.className).not.toContain('internal');
    expect(within(reply).queryByText('Internal note')).toBeNull();
  });

  it('labels internal notes "Interne Notiz" in German', async () => {
    renderDetail(detailApi(richDetail()), 'de');
    await screen.findByRole('heading', { level: 2, name: /PS-10042/ });
    expect(screen.getByRole('article', { name: /^Interne Notiz von Ben Berger/ })).toBeTruthy();
  });
});

describe('ticket detail: transitions', () => {
  it('offers exactly the allowed transitions for my role', async () => {
    renderDetail(detailApi(richDetail(Date.now(), { allowedTransitions: ['IN_PROGRESS', 'DONE'] })));
    await ready();
    const group = screen.getByRole('group', { name: 'Change status' });
    expect(within(group).getAllByRole('button')).toHaveLength(2);
    expect(within(group).getByRole('button', { name: 'Move to IN PROGRESS' })).toBeTruthy();
    expect(within(group).getByRole('button', { name: 'Move to DONE' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Move to CLOSED' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Move to PEER REVIEW' })).toBeNull();
  });

  it('applies a non-final transition at once with the status the agent saw', async () => {
    const t = detailApi(richDetail());
    renderDetail(t);
    await ready();
    fireEvent.click(screen.getByRole('button', { name: 'Move to IN PROGRESS' }));
    await waitFor(() => expect(t.mutations).toHaveLength(1));
    expect(t.mutations[0]).toEqual({ name: 'transition', args: { ticketId: 't-42', to: 'IN_PROGRESS', expectedStatus: 'FEEDBACK_REQUEST' } });
  });

  it.each(['DONE', 'CLOSED'] as const)('asks for confirmation before %s; cancel sends nothing and returns focus', async (to) => {
    const t = detailApi(richDetail());
    renderDetail(t);
    await ready();
    const button = screen.getByRole('button', { name: `Move to ${to}` });
    button.focus();
    fireEvent.click(button);
    const dialog = screen.getByRole('dialog', { name: `Move to ${to}?` });
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    expect(dialog.contains(document.activeElement)).toBe(true);
    expect(t.mutations).toHaveLength(0);
    fireEvent.keyDown(dialog, { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(button);
    expect(t.mutations).toHaveLength(0);

    fireEvent.click(button);
    fireEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: `Move to ${to}` }));
    await waitFor(() => expect(t.mutations).toEqual([{ name: 'transition', args: { ticketId: 't-42', to, expectedStatus: 'FEEDBACK_REQUEST' } }]));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });

  it('keeps Tab inside the dialog', async () => {
    renderDetail(detailApi(richDetail()));
    await ready();
    fireEvent.click(screen.getByRole('button', { name: 'Move to CLOSED' }));
    const dialog = screen.getByRole('dialog');
    const buttons = within(dialog).getAllByRole('button');
    buttons[buttons.length - 1]!.focus();
    fireEvent.keyDown(dialog, { key: 'Tab' });
    expect(document.activeElement).toBe(buttons[0]);
    fireEvent.keyDown(dialog, { key: 'Tab', shiftKey: true });
    expect(document.activeElement).toBe(buttons[buttons.length - 1]);
  });

  it('runs transitions and composer shortcuts from the keyboard registry while open', async () => {
    const t = detailApi(richDetail());
    renderDetail(t);
    await ready();
    act(() => void runAction('ticket.transition.DONE'));
    expect(screen.getByRole('dialog', { name: 'Move to DONE?' })).toBeTruthy();
    fireEvent.keyDown(screen.getByRole('dialog'), { key: 'Escape' });
    act(() => void runAction('ticket.reply'));
    expect(document.activeElement).toBe(screen.getByLabelText('Reply text'));
    act(() => void runAction('ticket.note'));
    expect(document.activeElement).toBe(screen.getByLabelText('Note text'));
    act(() => void runAction('ticket.transition.FEEDBACK_REQUEST')); // not allowed from FEEDBACK_REQUEST
    expect(screen.getByRole('alert').textContent).toContain('not allowed');
    expect(t.mutations).toHaveLength(0);
  });
});

describe('ticket detail: reply, note, assign', () => {
  it('sends a reply and an internal note as their own mutations and clears each draft', async () => {
    const t = detailApi(richDetail());
    renderDetail(t);
    await ready();
    fireEvent.change(screen.getByLabelText('Reply text'), { target: { value: 'Please update to 8.4.2.' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send reply' }));
    await waitFor(() => expect(t.mutations).toHaveLength(1));
    fireEvent.change(screen.getByLabelText('Note text'), { target: { value: 'Customer on old driver.' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add internal note' }));
    await waitFor(() => expect(t.mutations).toHaveLength(2));
    const [reply, note] = t.mutations as { name: string; args: { ticketId: string; commentId: string; body: string } }[];
    expect(reply).toMatchObject({ name: 'reply', args: { ticketId: 't-42', body: 'Please update to 8.4.2.' } });
    expect(note).toMatchObject({ name: 'internal_note', args: { ticketId: 't-42', body: 'Customer on old driver.' } });
    expect(reply!.args.commentId).not.toBe(note!.args.commentId);
    await waitFor(() => expect((screen.getByLabelText('Reply text') as HTMLTextAreaElement).value).toBe(''));
    expect((screen.getByLabelText('Note text') as HTMLTextAreaElement).value).toBe('');
  });

  it('keeps the draft when the send is refused, and restores a reply the service rejects later', async () => {
    const t = detailApi(richDetail());
    renderDetail(t);
    await ready();
    const box = screen.getByLabelText('Reply text') as HTMLTextAreaElement;
    fireEvent.change(box, { target: { value: 'Long careful answer' } });
    t.failNextMutation({ code: 'VALIDATION_FAILED', message: 'body too long' });
    fireEvent.click(screen.getByRole('button', { name: 'Send reply' }));
    expect((await screen.findByRole('alert')).textContent).toContain('VALIDATION_FAILED');
    expect(box.value).toBe('Long careful answer');

    fireEvent.click(screen.getByRole('button', { name: 'Send reply' }));
    await waitFor(() => expect(box.value).toBe(''));
    const sent = t.mutations[1]!.args as { ticketId: string; commentId: string; body: string };
    act(() =>
      t.fake.emit('rejection.added', { id: 9, mutationName: 'reply', args: sent, ticketKey: 'PS-10042', code: 'CONFLICT', message: 'ticket closed', at: new Date().toISOString() }),
    );
    expect(box.value).toBe('Long careful answer');
    expect(screen.getByRole('alert').textContent).toContain('CONFLICT');
  });

  it('keeps drafts per ticket across remounts (switching tickets loses nothing)', async () => {
    const t = detailApi(richDetail());
    const first = renderDetail(t);
    await ready();
    fireEvent.change(screen.getByLabelText('Note text'), { target: { value: 'half-written note' } });
    first.unmount();
    renderDetail(t);
    await ready();
    expect((screen.getByLabelText('Note text') as HTMLTextAreaElement).value).toBe('half-written note');
  });

  it('assigns to me and to a picked colleague', async () => {
    const t = detailApi(richDetail());
    renderDetail(t);
    await ready();
    fireEvent.click(screen.getByRole('button', { name: 'Assign to me' }));
    await waitFor(() => expect(t.mutations).toEqual([{ name: 'assign', args: { ticketId: 't-42', assigneeId: 'u-me' } }]));
    fireEvent.click(screen.getByRole('button', { name: 'Assign…' }));
    const dialog = screen.getByRole('dialog', { name: 'Assign PS-10042' });
    await waitFor(() => expect(within(dialog).getAllByRole('option').length).toBeGreaterThan(1));
    fireEvent.change(within(dialog).getByLabelText('Assignee'), { target: { value: 'u-cara' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Assign' }));
    await waitFor(() => expect(t.mutations[1]).toEqual({ name: 'assign', args: { ticketId: 't-42', assigneeId: 'u-cara' } }));
  });
});

describe('ticket detail: fields, misconfiguration, outage, KB', () => {
  it('sends only the changed fields', async () => {
    const t = detailApi(richDetail());
    renderDetail(t);
    await ready();
    fireEvent.click(screen.getByRole('button', { name: 'Category, severity, impact…' }));
    const dialog = screen.getByRole('dialog');
    fireEvent.change(within(dialog).getByLabelText('Severity'), { target: { value: '1' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(t.mutations).toEqual([{ name: 'set_fields', args: { ticketId: 't-42', severity: 1 } }]));
  });

  it('requires a reason to mark a misconfiguration', async () => {
    const t = detailApi(richDetail());
    renderDetail(t);
    await ready();
    fireEvent.click(screen.getByRole('button', { name: 'Mark as misconfiguration…' }));
    const dialog = screen.getByRole('dialog');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Mark as misconfiguration' }));
    expect(within(dialog).getByRole('alert').textContent).toBe('Please give a reason.');
    expect(t.mutations).toHaveLength(0);
    fireEvent.change(within(dialog).getByLabelText('Reason'), { target: { value: 'Wrong LDAP base DN' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Mark as misconfiguration' }));
    await waitFor(() =>
      expect(t.mutations).toEqual([{ name: 'mark_misconfiguration', args: { ticketId: 't-42', misconfiguration: true, reason: 'Wrong LDAP base DN' } }]),
    );
  });

  it('links to an outage picked by key, and refuses unknown keys', async () => {
    const t = detailApi(richDetail(), {
      'ticket.findByKey': async ({ key }) => ({ ok: true, value: key === 'PS-10099' ? { ticketId: 't-99' } : null }),
    });
    renderDetail(t);
    await ready();
    fireEvent.click(screen.getByRole('button', { name: 'Link to outage…' }));
    const dialog = screen.getByRole('dialog');
    fireEvent.change(within(dialog).getByLabelText('Key of the outage ticket'), { target: { value: 'ps-10098' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Link' }));
    expect((await within(dialog).findByRole('alert')).textContent).toContain('No ticket PS-10098');
    fireEvent.change(within(dialog).getByLabelText('Key of the outage ticket'), { target: { value: 'PS-10099' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Link' }));
    await waitFor(() => expect(t.mutations).toEqual([{ name: 'link_to_outage', args: { ticketId: 't-42', targetTicketId: 't-99' } }]));
  });

  it('inserts a KB article link into the reply draft', async () => {
    const t = detailApi(richDetail(), {
      'kb.search': async ({ query }) => ({
        ok: true,
        value:
          query === 'tapi'
            ? [{ id: 'kb-17', language: 'en', title: 'Reinstall the TAPI driver', summary: 'Steps for 8.4', updatedAt: new Date().toISOString() }]
            : [],
      }),
    });
    renderDetail(t);
    await ready();
    fireEvent.change(screen.getByLabelText('Reply text'), { target: { value: 'Hello,' } });
    fireEvent.change(screen.getByLabelText('Search the knowledge base'), { target: { value: 'tapi' } });
    fireEvent.click(screen.getByRole('button', { name: 'Search' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Insert link: Reinstall the TAPI driver' }));
    const value = (screen.getByLabelText('Reply text') as HTMLTextAreaElement).value;
    expect(value.startsWith('Hello, Reinstall the TAPI driver')).toBe(true);
    expect(value).toContain('kb:kb-17');
  });
});
