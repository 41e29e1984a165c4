import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { CALL_NAMES, EVENTS, type EventName, type EventPayload, type Result } from '../../src-shared/ipc/contract';
import { callChannel, eventChannel } from '../../src-shared/ipc/channels';
import type { Dispatch } from '../contract/dispatcher';

/** The renderer's origin: the custom app:// protocol (see security.ts). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'support-desk';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/** Node's URL reports origin "null" for non-special schemes, so compare scheme and host instead. */
export function isAppUrl(raw: string): boolean {
  try {
    const url = new URL(raw);
    return url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST;
  } catch {
    return false;
  }
}

/**
 * A sender is trusted when it is one of our windows' main frames showing our own app:// origin: a
 * navigated-away frame, an iframe or any other webContents is refused (Electron security checklist #17).
 */
export function isTrustedSender(event: Pick<IpcMainInvokeEvent, 'senderFrame' | 'sender'>, trustedIds: ReadonlySet<number>): boolean {
  const frame = event.senderFrame;
  if (!frame || !trustedIds.has(event.sender.id)) return false;
  if (frame.parent !== null) return false;
  return isAppUrl(frame.url);
}

/** Registers one handler per contract call; every request is sender-checked, then validated by `dispatch`. */
export function wireContract(dispatch: Dispatch, trustedIds: ReadonlySet<number>): () => void {
  for (const name of CALL_NAMES) {
    ipcMain.handle(callChannel(name), async (event, request: unknown): Promise<Result<unknown>> => {
      if (!isTrustedSender(event, trustedIds)) {
        return { ok: false, error: { code: 'FORBIDDEN', message: 'IPC from an untrusted sender' } };
      }
      return dispatch(name, request);
    });
  }
  return () => {
    for (const name of CALL_NAMES) ipcMain.removeHandler(callChannel(name));
  };
}

/** Sends a contract event to a window, validated first so the renderer never sees an off-contract payload. */
export function sendEvent<N extends EventName>(target: WebContents, name: N, payload: EventPayload<N>): void {
  const parsed = EVENTS[name].safeParse(payload);
  if (!parsed.success) throw new Error(`event ${name} outside the contract: ${parsed.error.message}`);
  if (!target.isDestroyed()) target.send(eventChannel(name), parsed.data);
}
