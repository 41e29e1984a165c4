import { describe, expect, it } from 'vitest';
import { CALLS, CALL_NAMES, EVENTS, EVENT_NAMES, isCallName, parseCallRequest } from '../../../src-shared/ipc/contract';

describe('IPC contract', () => {
  it('declares a request and response schema for every call and a schema for every event', () => {
    expect(CALL_NAMES.length).toBeGreaterThan(10);
    for (const n of CALL_NAMES) {
      expect(CALLS[n].request, n).toBeDefined();
      expect(CALLS[n].response, n).toBeDefined();
    }
    for (const n of EVENT_NAMES) expect(EVENTS[n], n).toBeDefined();
  });

  it('rejects unknown call names, including prototype keys', () => {
    expect(isCallName('queue.window')).toBe(true);
    expect(isCallName('toString')).toBe(false);
    expect(isCallName('__proto__')).toBe(false);
    expect(isCallName(42)).toBe(false);
  });

  it('rejects bad payloads with VALIDATION_FAILED naming the call', () => {
    const r = parseCallRequest('queue.window', { view: 'all_open', filter: {}, offset: -1, limit: 50 });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('VALIDATION_FAILED');
      expect(r.error.message).toMatch(/^queue\.window:/);
    }
    expect(parseCallRequest('queue.window', { view: 'all_open', filter: {}, offset: 0, limit: 50, extra: 1 }).ok).toBe(false);
    expect(parseCallRequest('ticket.detail', { ticketId: '' }).ok).toBe(false);
    expect(parseCallRequest('shell.openExternal', { url: 'http://example.com' }).ok).toBe(false);
    expect(parseCallRequest('shell.openExternal', { url: 'javascript:alert(1)' }).ok).toBe(false);
  });

  it('accepts good payloads unchanged', () => {
    const req = { view: 'my_queue' as const, filter: { statuses: ['OPEN' as const], text: 'ProCall' }, offset: 0, limit: 100 };
    expect(parseCallRequest('queue.window', req)).toEqual({ ok: true, value: req });
    expect(parseCallRequest('shell.openExternal', { url: 'https://help.estos.de/' }).ok).toBe(true);
  });
});
