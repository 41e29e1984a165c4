import Store from 'electron-store';
import { z } from 'zod';
import { SettingsSchema, type Settings } from '../../src-shared/ipc/contract';
import { DEFAULT_SETTINGS, type SettingsStore } from '../host/settings-file';

export const WindowStateSchema = z.strictObject({
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().min(400).max(20_000),
  height: z.number().int().min(300).max(20_000),
  maximized: z.boolean(),
});
export type WindowState = z.infer<typeof WindowStateSchema>;

const ShellConfigSchema = SettingsSchema.extend({
  serverUrl: z.url({ protocol: /^https?$/ }).nullable(),
  window: WindowStateSchema.nullable(),
});
type ShellConfig = z.infer<typeof ShellConfigSchema>;

/**
 * Desktop settings in electron-store. Its JSON schema is generated from the contract's SettingsSchema (so
 * electron-store refuses off-schema writes on its own), and every read is parsed with zod again: a
 * hand-edited file can never hand the renderer something outside the contract.
 */
export class ElectronSettings implements SettingsStore {
  private readonly store: Store<ShellConfig>;

  constructor(cwd?: string) {
    const json = z.toJSONSchema(ShellConfigSchema, { target: 'draft-7' }) as { properties: Record<string, object> };
    this.store = new Store<ShellConfig>({
      name: 'settings',
      ...(cwd ? { cwd } : {}),
      schema: json.properties as never,
      defaults: { ...DEFAULT_SETTINGS, serverUrl: null, window: null },
      clearInvalidConfig: true,
    });
  }

  get(): Settings {
    const parsed = SettingsSchema.safeParse({
      language: this.store.get('language'),
      theme: this.store.get('theme'),
      notifications: this.store.get('notifications'),
      savedViews: this.store.get('savedViews'),
    });
    return parsed.success ? parsed.data : DEFAULT_SETTINGS;
  }

  set(patch: Partial<Settings>): Settings {
    const next = SettingsSchema.parse({ ...this.get(), ...patch });
    this.store.set(next);
    return next;
  }

  serverUrl(): string | null {
    return ShellConfigSchema.shape.serverUrl.safeParse(this.store.get('serverUrl')).data ?? null;
  }

  setServerUrl(url: string): void {
    this.store.set('serverUrl', ShellConfigSchema.shape.serverUrl.parse(url));
  }

  windowState(): WindowState | null {
    return WindowStateSchema.safeParse(this.store.get('window')).data ?? null;
  }

  setWindowState(state: WindowState): void {
    const parsed = WindowStateSchema.safeParse(state);
    if (parsed.success) this.store.set('window', parsed.data);
  }
}
