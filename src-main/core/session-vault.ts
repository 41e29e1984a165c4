/** Where the core keeps the signed-in session between starts (Electron: safeStorage; web mode: memory). */
export interface StoredSession {
  readonly serverUrl: string;
  readonly token: string;
}

export interface SessionVault {
  load(): Promise<StoredSession | null>;
  /** `stored: false` when the platform cannot keep it safely; the caller tells the user, the session still works. */
  save(session: StoredSession): Promise<{ stored: boolean }>;
  clear(): Promise<void>;
}

/** Web mode and tests: the session lives as long as the process. */
export class MemoryVault implements SessionVault {
  private value: StoredSession | null = null;
  async load(): Promise<StoredSession | null> {
    return this.value;
  }
  async save(session: StoredSession): Promise<{ stored: boolean }> {
    this.value = session;
    return { stored: true };
  }
  async clear(): Promise<void> {
    this.value = null;
  }
}
