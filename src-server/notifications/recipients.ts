import type { NotificationLanguage } from './render';

/** A person who may receive a notification: the reporter (an account) or a participant (maybe an account). */
export interface RecipientCandidate {
  email: string;
  userId: string | null;
  /** The account's preferred language; null for a participant without an account. */
  language: NotificationLanguage | null;
  /** Deactivated accounts get no mail. */
  active: boolean;
}

export interface Recipient {
  email: string;
  userId: string | null;
  language: NotificationLanguage;
}

/**
 * Reporter + participants, never the actor, each e-mail address once (case-insensitive).
 *
 * Language: the account's preference; a participant without an account gets the reporter's language (they
 * belong to the reporter's organisation, so the reporter's choice is the best guess we have), and German when
 * even that is unknown (estos is a German company; German is the portal's default).
 */
export function selectRecipients(input: {
  reporter: RecipientCandidate | null;
  participants: readonly RecipientCandidate[];
  actor: { userId: string | null; email: string | null };
}): Recipient[] {
  const fallback: NotificationLanguage = input.reporter?.language ?? 'de';
  const actorEmail = input.actor.email?.toLowerCase() ?? null;
  const seen = new Set<string>();
  const out: Recipient[] = [];
  const candidates = input.reporter ? [input.reporter, ...input.participants] : [...input.participants];
  for (const c of candidates) {
    const email = c.email.trim().toLowerCase();
    if (email === '' || seen.has(email)) continue;
    seen.add(email);
    if (!c.active) continue;
    if (input.actor.userId !== null && c.userId === input.actor.userId) continue;
    if (actorEmail !== null && email === actorEmail) continue;
    out.push({ email, userId: c.userId, language: c.language ?? fallback });
  }
  return out;
}
