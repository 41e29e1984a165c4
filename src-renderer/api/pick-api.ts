import type { SupportDeskApi } from '../../src-shared/ipc/contract';
import { createWebSocketApi } from './ws-api';

/**
 * Electron's preload exposes the contract as `window.supportDesk`; in web mode the page was served by the
 * local host process, so its WebSocket lives on the same host:port (the launch token is already a cookie).
 */
export function pickApi(win: Window & { supportDesk?: SupportDeskApi }): SupportDeskApi {
  if (win.supportDesk) return win.supportDesk;
  const scheme = win.location.protocol === 'https:' ? 'wss' : 'ws';
  return createWebSocketApi(`${scheme}://${win.location.host}/ws`);
}
