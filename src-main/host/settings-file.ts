import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { SettingsSchema, type Settings } from '../../src-shared/ipc/contract';

export const DEFAULT_SETTINGS: Settings = {
  language: 'de',
  theme: 'system',
  notifications: { slaAtRisk: true, slaBreached: true, assignedToMe: true },
  savedViews: [],
};

export interface SettingsStore {
  get(): Settings;
  /** merges, validates the result against the contract schema, stores it; throws on invalid input */
  set(patch: Partial<Settings>): Settings;
}

/**
 * Web mode's settings: a JSON file in the user-data folder, validated against the contract's
 * SettingsSchema on read (a hand-edited broken file falls back to defaults) and on write.
 * Electron keeps the same schema in electron-store (src-main/shell/settings-store.ts).
 */
export class JsonSettingsFile implements SettingsStore {
  constructor(private readonly file: string) {}

  get(): Settings {
    try {
      const parsed = SettingsSchema.safeParse(JSON.parse(readFileSync(this.file, 'utf8')));
      return parsed.success ? parsed.data : DEFAULT_SETTINGS;
    } catch {
      return DEFAULT_SETTINGS;
    }
  }

  set(patch: Partial<Settings>): Settings {
    const next = SettingsSchema.parse({ ...this.get(), ...patch });
    mkdirSync(dirname(this.file), { recursive: true });
    // write-then-rename: a crash never leaves half a settings file
    writeFileSync(`${this.file}.tmp`, JSON.stringify(next, null, 2), { mode: 0o600 });
    renameSync(`${this.file}.tmp`, this.file);
    return next;
  }
}
