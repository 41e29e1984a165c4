import { STATUS_INFO, statusLabel, type TicketStatus } from '../../src-shared/domain/status';

/**
 * Renders the e-mail a customer-side recipient gets for one ticket event. Pure and deterministic so the
 * outbox can store the final text (what was queued is exactly what gets sent, even if a template changes
 * between queueing and a retry).
 *
 * Only customer-visible data goes in: key, title, status labels and meanings, the public comment's excerpt and
 * the author's display name. Never internal notes, assignee, escalation internals or staff e-mail addresses.
 */
export type NotificationLanguage = 'de' | 'en';

/** Who caused the event, as the recipient may see it. Staff appear as "estos Support", not by name. */
export type NotificationActor =
  | { kind: 'system' }
  | { kind: 'staff' }
  | { kind: 'customer'; name: string };

export type NotificationEvent =
  | {
      kind: 'status';
      ticketKey: string;
      title: string;
      from: TicketStatus | null;
      to: TicketStatus;
      actor: NotificationActor;
    }
  | {
      kind: 'comment';
      ticketKey: string;
      title: string;
      status: TicketStatus;
      body: string;
      actor: NotificationActor;
    };

export interface RenderedNotification {
  subject: string;
  text: string;
}

/** Long enough to recognise the comment, short enough that the mail makes people open the ticket. */
export const EXCERPT_MAX_CHARS = 280;
// Subjects beyond this get folded awkwardly by mail clients; the key at the front stays visible.
const TITLE_MAX_CHARS = 120;

export function excerpt(body: string, max = EXCERPT_MAX_CHARS): string {
  const flat = body.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  // Cut at a word boundary when one is near, so the excerpt does not end mid-word.
  const cut = flat.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

function shortTitle(title: string): string {
  const flat = title.replace(/[\r\n]+/g, ' ').trim();
  return flat.length <= TITLE_MAX_CHARS ? flat : `${flat.slice(0, TITLE_MAX_CHARS - 1).trimEnd()}…`;
}

const TEXT = {
  de: {
    statusSubject: (key: string, title: string, from: string, to: string) => `[${key}] Status: ${from} → ${to} – ${title}`,
    commentSubject: (key: string, title: string) => `[${key}] Neue Antwort – ${title}`,
    greeting: 'Guten Tag,',
    statusIntro: (key: string, title: string) => `der Status Ihrer Anfrage ${key} „${title}" hat sich geändert:`,
    commentIntro: (key: string, title: string, who: string) => `zu Ihrer Anfrage ${key} „${title}" gibt es eine neue Antwort von ${who}:`,
    changedBy: (who: string) => `Geändert von: ${who}`,
    newStatus: 'Bedeutung des neuen Status:',
    currentStatus: (label: string) => `Aktueller Status: ${label}`,
    system: 'automatisch (keine Reaktion innerhalb der Frist)',
    staff: 'estos Support',
    created: '(neu)',
    footer:
      'Diese Nachricht wurde automatisch versendet. Bitte antworten Sie über das estos Support-Portal, damit Ihre Antwort dem Ticket zugeordnet wird.',
  },
  en: {
    statusSubject: (key: string, title: string, from: string, to: string) => `[${key}] Status: ${from} → ${to} – ${title}`,
    commentSubject: (key: string, title: string) => `[${key}] New reply – ${title}`,
    greeting: 'Hello,',
    statusIntro: (key: string, title: string) => `the status of your request ${key} "${title}" has changed:`,
    commentIntro: (key: string, title: string, who: string) => `there is a new reply from ${who} on your request ${key} "${title}":`,
    changedBy: (who: string) => `Changed by: ${who}`,
    newStatus: 'What the new status means:',
    currentStatus: (label: string) => `Current status: ${label}`,
    system: 'automatically (no reaction within the deadline)',
    staff: 'estos Support',
    created: '(new)',
    footer: 'This message was sent automatically. Please reply through the estos support portal so your answer is added to the ticket.',
  },
} as const;

function actorName(actor: NotificationActor, lang: NotificationLanguage): string {
  if (actor.kind === 'system') return TEXT[lang].system;
  if (actor.kind === 'staff') return TEXT[lang].staff;
  return actor.name.replace(/[\r\n]+/g, ' ').trim();
}

export function renderNotification(event: NotificationEvent, lang: NotificationLanguage): RenderedNotification {
  const t = TEXT[lang];
  const title = shortTitle(event.title);
  if (event.kind === 'status') {
    const from = event.from === null ? t.created : statusLabel(event.from);
    const to = statusLabel(event.to);
    return {
      subject: t.statusSubject(event.ticketKey, title, from, to),
      text: [
        t.greeting,
        '',
        t.statusIntro(event.ticketKey, title),
        '',
        `  ${from} → ${to}`,
        '',
        t.changedBy(actorName(event.actor, lang)),
        '',
        t.newStatus,
        STATUS_INFO[event.to].meaning[lang],
        '',
        '--',
        t.footer,
        '',
      ].join('\n'),
    };
  }
  return {
    subject: t.commentSubject(event.ticketKey, title),
    text: [
      t.greeting,
      '',
      t.commentIntro(event.ticketKey, title, actorName(event.actor, lang)),
      '',
      ...quote(excerpt(event.body)),
      '',
      t.currentStatus(statusLabel(event.status)),
      '',
      '--',
      t.footer,
      '',
    ].join('\n'),
  };
}

function quote(text: string): string[] {
  return [`> ${text}`];
}
