import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCoreHost, type CoreHost } from '../../src-main/host/core-host';
import { createFrontHandlers } from '../../src-main/host/front-handlers';
import { JsonSettingsFile } from '../../src-main/host/settings-file';
import { MemoryVault } from '../../src-main/core/session-vault';
import type { EventName } from '../../src-shared/ipc/contract';

// The real worker thread (loaded from source through tsx), talking to the real core.
describe('core host (worker thread)', () => {
  let host: CoreHost;
  let dir: string;
  let me: Server;
  let meUrl: string;
  const vault = new MemoryVault();
  const events: [EventName, unknown][] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'core-host-'));
    // a "service" that no longer accepts any token
    me = createServer((_req, res) => {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'UNAUTHENTICATED', message: 'token revoked' } }));
    });
    await new Promise<void>((r) => me.listen(0, '127.0.0.1', r));
    meUrl = `http://127.0.0.1:${(me.address() as AddressInfo).port}`;
    const settings = new JsonSettingsFile(join(dir, 'settings.json'));
    let emit: (n: EventName, p: unknown) => void = () => undefined;
    host = await startCoreHost({
      dataDir: dir,
      appRoot: resolve(__dirname, '../..'),
      vault,
      front: createFrontHandlers({ settings, emit: (n, p) => emit(n, p) }),
      workerScript: resolve(__dirname, '../../src-main/host/core-worker.ts'),
    });
    emit = host.emitFront;
    host.subscribe((n, p) => events.push([n, p]));
  });
  afterAll(async () => {
    await host.close();
    me.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers core calls from the worker', async () => {
    expect(await host.dispatch('sync.state', {})).toMatchObject({ ok: true, value: { connection: 'signed_out' } });
    expect(await host.dispatch('queue.counts', { filter: {} })).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
  });

  it('rejects bad payloads and unknown calls before they reach the worker', async () => {
    expect(await host.dispatch('queue.window', { view: 'all_open', filter: {}, offset: -1, limit: 10 })).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    expect(await host.dispatch('auth.signIn', { serverUrl: 'not a url', email: 'a@b.de', password: 'x' })).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    expect(await host.dispatch('constructor', {})).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('signing in to an unreachable service gives a clear error and stores nothing', async () => {
    const r = await host.dispatch('auth.signIn', { serverUrl: 'http://127.0.0.1:9', email: 'a@b.de', password: 'secret-password' });
    expect(r).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(!r.ok && r.error.message).toMatch(/not reachable/);
    expect(await vault.load()).toBeNull();
  });

  it('a stored session the service refuses is cleared through the main-thread vault', async () => {
    await vault.save({ serverUrl: meUrl, token: 'old-token' });
    expect(await host.restore()).toBe(false);
    expect(await vault.load()).toBeNull();
  });

  it('settings are answered in front of the worker, validated and announced', async () => {
    const before = await host.dispatch('settings.get', {});
    expect(before).toMatchObject({ ok: true, value: { theme: 'system' } });
    const after = await host.dispatch('settings.set', { theme: 'dark' });
    expect(after).toMatchObject({ ok: true, value: { theme: 'dark' } });
    expect(events.some(([n, p]) => n === 'settings.changed' && (p as { theme: string }).theme === 'dark')).toBe(true);
    expect(await host.dispatch('settings.set', { theme: 'neon' })).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    expect(await host.dispatch('settings.get', {})).toMatchObject({ ok: true, value: { theme: 'dark' } });
  });

  it('web mode refuses to open external links itself', async () => {
    expect(await host.dispatch('shell.openExternal', { url: 'https://www.estos.de/' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await host.dispatch('shell.openExternal', { url: 'http://www.estos.de/' })).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
  });
});
