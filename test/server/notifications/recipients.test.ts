import { describe, expect, it } from 'vitest';
import { selectRecipients, type RecipientCandidate } from '../../../src-server/notifications/recipients';

const reporter: RecipientCandidate = { email: 'Rita@Kunde.example', userId: 'u-rita', language: 'en', active: true };
const paul: RecipientCandidate = { email: 'paul@kunde.example', userId: 'u-paul', language: 'de', active: true };
const nora: RecipientCandidate = { email: 'nora@kunde.example', userId: null, language: null, active: true };

describe('selectRecipients', () => {
  it('reporter + participants, each address once, lower-cased, in the recipient language', () => {
    const r = selectRecipients({
      reporter,
      participants: [paul, nora, { ...nora, email: 'NORA@kunde.example' }, { email: 'rita@kunde.example', userId: null, language: null, active: true }],
      actor: { userId: 'u-agent', email: 'agent@estos.example' },
    });
    expect(r).toEqual([
      { email: 'rita@kunde.example', userId: 'u-rita', language: 'en' },
      { email: 'paul@kunde.example', userId: 'u-paul', language: 'de' },
      { email: 'nora@kunde.example', userId: null, language: 'en' },
    ]);
  });

  it('never the actor, matched by account or by address', () => {
    expect(selectRecipients({ reporter, participants: [paul], actor: { userId: 'u-rita', email: null } }).map((x) => x.email)).toEqual(['paul@kunde.example']);
    expect(selectRecipients({ reporter, participants: [paul], actor: { userId: null, email: 'PAUL@kunde.example' } }).map((x) => x.email)).toEqual([
      'rita@kunde.example',
    ]);
  });

  it('skips deactivated accounts; falls back to German when no reporter language is known', () => {
    const r = selectRecipients({
      reporter: null,
      participants: [{ ...paul, active: false }, nora],
      actor: { userId: null, email: null },
    });
    expect(r).toEqual([{ email: 'nora@kunde.example', userId: null, language: 'de' }]);
  });

  it('the system as actor excludes nobody', () => {
    expect(selectRecipients({ reporter, participants: [paul, nora], actor: { userId: null, email: null } })).toHaveLength(3);
  });
});
