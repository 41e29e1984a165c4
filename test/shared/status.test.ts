import { describe, expect, it } from 'vitest';
import { STATUS_INFO, TICKET_STATUSES, statusLabel } from '../../src-shared/domain/status';

describe('statuses', () => {
  it('has the nine statuses of the seed, each with de and en meaning', () => {
    expect(TICKET_STATUSES).toHaveLength(9);
    for (const s of TICKET_STATUSES) {
      expect(STATUS_INFO[s].meaning.de.length).toBeGreaterThan(10);
      expect(STATUS_INFO[s].meaning.en.length).toBeGreaterThan(10);
      expect(statusLabel(s)).toBe(s.replace(/_/g, ' '));
    }
  });
  it('only CLOSED is final', () => {
    expect(TICKET_STATUSES.filter((s) => STATUS_INFO[s].final)).toEqual(['CLOSED']);
  });
});
