import { beforeEach, describe, expect, it, vi } from 'vitest';

// Electron cannot run here (no binary); the wiring is tested against a recording ipcMain.
const handlers = new Map<string, (event: unknown, request: unknown) => Promise<unknown>>();
vi.mock('electron', () => ({
  ipcMain: {
    handle: (channel: string, fn: (event: unknown, request: unknown) => Promise<unknown>) => handlers.set(channel, fn),
    removeHandler: (channel: string) => handlers.delete(channel),
  },
}));

const { wireContract, isTrustedSender, sendEvent } = await import('../../src-main/shell/ipc-wiring');
const { CALL_NAMES } = await import('../../src-shared/ipc/contract');
const { callChannel, eventChannel } = await import('../../src-shared/ipc/channels');

const trusted = new Set([7]);
const goodEvent = { sender: { id: 7 }, senderFrame: { url: 'app://support-desk/index.html', parent: null } };

describe('IPC wiring', () => {
  let dispatched: Array<[unknown, unknown]>;
  beforeEach(() => {
    handlers.clear();
    dispatched = [];
    wireContract(async (name, request) => {
      dispatched.push([name, request]);
      return { ok: true, value: null };
    }, trusted);
  });

  it('registers exactly one handler per contract call and nothing else', () => {
    expect([...handlers.keys()].sort()).toEqual(CALL_NAMES.map(callChannel).sort());
  });

  it('dispatches calls from our own main frame', async () => {
    const r = await handlers.get(callChannel('sync.state'))!(goodEvent, {});
    expect(r).toEqual({ ok: true, value: null });
    expect(dispatched).toEqual([['sync.state', {}]]);
  });

  it.each([
    ['another webContents', { ...goodEvent, sender: { id: 8 } }],
    ['a foreign origin', { ...goodEvent, senderFrame: { url: 'https://evil.example/', parent: null } }],
    ['a file:// page', { ...goodEvent, senderFrame: { url: 'file:///tmp/x.html', parent: null } }],
    ['an iframe', { ...goodEvent, senderFrame: { url: 'app://support-desk/index.html', parent: {} } }],
    ['no frame', { ...goodEvent, senderFrame: null }],
  ])('refuses %s without dispatching', async (_label, event) => {
    const r = await handlers.get(callChannel('sync.state'))!(event, {});
    expect(r).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: 'IPC from an untrusted sender' } });
    expect(dispatched).toEqual([]);
  });

  it('isTrustedSender survives unparsable URLs', () => {
    expect(isTrustedSender({ sender: { id: 7 }, senderFrame: { url: 'not a url', parent: null } } as never, trusted)).toBe(false);
  });

  it('validates events before sending them', () => {
    const sent: Array<[string, unknown]> = [];
    const target = { isDestroyed: () => false, send: (c: string, p: unknown) => sent.push([c, p]) };
    sendEvent(target as never, 'ticket.open', { key: 'PS-10001' });
    expect(sent).toEqual([[eventChannel('ticket.open'), { key: 'PS-10001' }]]);
    expect(() => sendEvent(target as never, 'ticket.open', { key: 5 } as never)).toThrow(/outside the contract/);
    expect(sent).toHaveLength(1);
  });
});
