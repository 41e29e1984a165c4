import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SafeStorageVault } from '../../src-main/shell/session-vault';
import { ticketKeyFromArgv, ticketKeyFromDeepLink } from '../../src-main/shell/deep-links';
import { menuTemplate } from '../../src-main/shell/app-menu';
import { FuseV1Options } from '@electron/fuses';

// These shell parts only take Electron types; the objects they use are passed in, so no mock is needed.
const fakeSafe = (backend: string, available = true) => ({
  isEncryptionAvailable: () => available,
  getSelectedStorageBackend: () => backend,
  encryptString: (s: string) => Buffer.from(`enc:${s}`),
  decryptString: (b: Buffer) => {
    const s = b.toString();
    if (!s.startsWith('enc:')) throw new Error('not ours');
    return s.slice(4);
  },
});

describe('session token in safeStorage', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'vault-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const session = { serverUrl: 'https://tickets.example.com', token: 'tok-123' };

  it('stores and restores the session encrypted when the OS keychain is available', async () => {
    const v = new SafeStorageVault(join(dir, 's.bin'), fakeSafe('gnome_libsecret'), 'linux');
    expect(await v.save(session)).toEqual({ stored: true });
    expect(await v.load()).toEqual(session);
    await v.clear();
    expect(await v.load()).toBeNull();
  });

  it("refuses to store when Linux offers only 'basic_text', and writes nothing", async () => {
    const file = join(dir, 's.bin');
    const v = new SafeStorageVault(file, fakeSafe('basic_text'), 'linux');
    expect(await v.save(session)).toEqual({ stored: false });
    expect(existsSync(file)).toBe(false);
    expect(await v.load()).toBeNull();
  });

  it('refuses to store when encryption is unavailable at all', async () => {
    const v = new SafeStorageVault(join(dir, 's.bin'), fakeSafe('unknown', false), 'win32');
    expect(await v.save(session)).toEqual({ stored: false });
  });
});

describe('deep links', () => {
  it('accepts estos-support://ticket/<key> only', () => {
    expect(ticketKeyFromDeepLink('estos-support://ticket/PS-10234')).toBe('PS-10234');
    expect(ticketKeyFromDeepLink('estos-support://ticket/ps-10234/')).toBe('PS-10234');
    for (const bad of ['estos-support://ticket/PS-1; rm -rf', 'estos-support://admin/PS-1', 'https://ticket/PS-1', 'estos-support://ticket/PS-1/extra', 'nonsense']) {
      expect(ticketKeyFromDeepLink(bad), bad).toBeNull();
    }
    expect(ticketKeyFromArgv(['/opt/support-desk', '--flag', 'estos-support://ticket/PS-7'])).toBe('PS-7');
    expect(ticketKeyFromArgv(['/opt/support-desk'])).toBeNull();
  });
});

describe('application menu', () => {
  it('offers sync and sign-out with shortcuts, dev tools only in development', () => {
    const actions = { syncNow: () => undefined, signOut: () => undefined, openDocs: () => undefined };
    const prod = JSON.stringify(menuTemplate({ ...actions, isDev: false }, 'linux'));
    expect(prod).toContain('"accelerator":"CmdOrCtrl+Shift+S"');
    expect(prod).toContain('"accelerator":"Ctrl+Q"');
    expect(prod).not.toContain('toggleDevTools');
    expect(JSON.stringify(menuTemplate({ ...actions, isDev: true }, 'linux'))).toContain('toggleDevTools');
  });
});

describe('packaging', () => {
  const require = createRequire(import.meta.url);
  it('flips the security fuses: no RunAsNode, no NODE_OPTIONS, no inspect, ASAR integrity, app only from ASAR', () => {
    const { FUSE_CONFIG } = require('../../resources/packaging/fuses.cjs') as { FUSE_CONFIG: Record<number, boolean> };
    expect(FUSE_CONFIG[FuseV1Options.RunAsNode]).toBe(false);
    expect(FUSE_CONFIG[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(false);
    expect(FUSE_CONFIG[FuseV1Options.EnableNodeCliInspectArguments]).toBe(false);
    expect(FUSE_CONFIG[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(true);
    expect(FUSE_CONFIG[FuseV1Options.OnlyLoadAppFromAsar]).toBe(true);
  });
});
