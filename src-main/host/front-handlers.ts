import { DomainError } from '../../src-shared/errors';
import type { EventName } from '../../src-shared/ipc/contract';
import type { FrontHandlers } from './core-host';
import type { SettingsStore } from './settings-file';

export interface FrontDeps {
  readonly settings: SettingsStore;
  /** opens an https URL in the OS browser; absent in web mode (the page opens links itself) */
  readonly openExternal?: (url: string) => Promise<void>;
  readonly emit: (name: EventName, payload: unknown) => void;
}

/** Only https links to public hosts leave the app; the contract already requires https, this rechecks. */
export function isSafeExternalUrl(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (url.protocol !== 'https:' || url.username !== '' || url.password !== '') return false;
  const host = url.hostname.toLowerCase();
  return host.includes('.') && host !== 'localhost' && !/^\d+\.\d+\.\d+\.\d+$/.test(host) && !host.startsWith('[');
}

export function createFrontHandlers(d: FrontDeps): FrontHandlers {
  return {
    'settings.get': async () => d.settings.get(),
    'settings.set': async (patch) => {
      const next = d.settings.set(patch);
      d.emit('settings.changed', next);
      return next;
    },
    'shell.openExternal': async ({ url }) => {
      if (!isSafeExternalUrl(url)) throw new DomainError('FORBIDDEN', 'only https links to public hosts are opened');
      if (!d.openExternal) throw new DomainError('FORBIDDEN', 'web mode: the browser opens links itself');
      await d.openExternal(url);
      return null;
    },
  };
}
