import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { SafeStorage } from 'electron';
import { StoredSessionSchema } from '../host/host-protocol';
import type { SessionVault, StoredSession } from '../core/session-vault';

/**
 * The session token, encrypted with the OS keychain through safeStorage. When the OS offers only
 * plain-text "encryption" (Linux without a secret service: backend 'basic_text'), nothing is written and
 * the caller tells the user they must sign in again next time; the token never lands on disk readable.
 */
export class SafeStorageVault implements SessionVault {
  constructor(
    private readonly file: string,
    private readonly safe: Pick<SafeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString'> & { getSelectedStorageBackend?: () => string },
    private readonly platform: NodeJS.Platform = process.platform,
  ) {}

  canStoreSafely(): boolean {
    if (!this.safe.isEncryptionAvailable()) return false;
    if (this.platform === 'linux' && this.safe.getSelectedStorageBackend?.() === 'basic_text') return false;
    return true;
  }

  async load(): Promise<StoredSession | null> {
    if (!this.canStoreSafely()) return null;
    try {
      const plain = this.safe.decryptString(readFileSync(this.file));
      const parsed = StoredSessionSchema.safeParse(JSON.parse(plain));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  }

  async save(session: StoredSession): Promise<{ stored: boolean }> {
    if (!this.canStoreSafely()) {
      rmSync(this.file, { force: true });
      return { stored: false };
    }
    writeFileSync(this.file, this.safe.encryptString(JSON.stringify(StoredSessionSchema.parse(session))), { mode: 0o600 });
    return { stored: true };
  }

  async clear(): Promise<void> {
    rmSync(this.file, { force: true });
  }
}
