import { describe, expect, it } from 'vitest';
import { excerpt, renderNotification, EXCERPT_MAX_CHARS } from '../../../src-server/notifications/render';

describe('renderNotification', () => {
  it('renders a status change in German with key, title, old → new labels and the meaning', () => {
    const r = renderNotification(
      { kind: 'status', ticketKey: 'PS-10234', title: 'ProCall startet nicht', from: 'FEEDBACK_REQUEST', to: 'FEEDBACK_PENDING', actor: { kind: 'system' } },
      'de',
    );
    expect(r.subject).toBe('[PS-10234] Status: FEEDBACK REQUEST → FEEDBACK PENDING – ProCall startet nicht');
    expect(r.text).toContain('der Status Ihrer Anfrage PS-10234');
    expect(r.text).toContain('FEEDBACK REQUEST → FEEDBACK PENDING');
    expect(r.text).toContain('automatisch');
    expect(r.text).toContain('Wir warten seit mindestens einer Woche');
  });

  it('renders the same event in English', () => {
    const r = renderNotification(
      { kind: 'status', ticketKey: 'PS-7', title: 'Phone hangs', from: 'IN_PROGRESS', to: 'FEEDBACK_REQUEST', actor: { kind: 'staff' } },
      'en',
    );
    expect(r.subject).toBe('[PS-7] Status: IN PROGRESS → FEEDBACK REQUEST – Phone hangs');
    expect(r.text).toContain('the status of your request PS-7');
    expect(r.text).toContain('Changed by: estos Support');
    expect(r.text).toContain('We have further questions');
    expect(r.text).not.toContain('Guten Tag');
  });

  it('renders a comment with the author name and a short excerpt, never the full body', () => {
    const body = `Erste Zeile\n\nZweite Zeile ${'x'.repeat(1000)} ENDE-DES-TEXTES`;
    const r = renderNotification(
      { kind: 'comment', ticketKey: 'PS-1', title: 'T', status: 'OPEN', body, actor: { kind: 'customer', name: 'Eva Kunde' } },
      'de',
    );
    expect(r.subject).toBe('[PS-1] Neue Antwort – T');
    expect(r.text).toContain('neue Antwort von Eva Kunde');
    expect(r.text).toContain('> Erste Zeile Zweite Zeile');
    expect(r.text).not.toContain('ENDE-DES-TEXTES');
    expect(r.text).toContain('Aktueller Status: OPEN');
  });

  it('shows staff as "estos Support" and keeps header injection out of the subject', () => {
    const r = renderNotification(
      { kind: 'comment', ticketKey: 'PS-2', title: 'evil\r\nBcc: x@y.z', status: 'IN_PROGRESS', body: 'hi', actor: { kind: 'staff' } },
      'en',
    );
    expect(r.subject).not.toMatch(/[\r\n]/);
    expect(r.text).toContain('new reply from estos Support');
  });
});

describe('excerpt', () => {
  it('keeps short text and collapses whitespace', () => {
    expect(excerpt('  a\n\n b\tc ')).toBe('a b c');
  });
  it('cuts long text to at most the limit and marks the cut', () => {
    const e = excerpt('wort '.repeat(200));
    expect(e.length).toBeLessThanOrEqual(EXCERPT_MAX_CHARS);
    expect(e.endsWith('…')).toBe(true);
    expect(e).not.toMatch(/wor…$/);
  });
});
