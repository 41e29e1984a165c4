import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { CALL_NAMES, EVENT_NAMES, type SupportDeskApi } from '../src-shared/ipc/contract';
import { callChannel, eventChannel } from '../src-shared/ipc/channels';

/**
 * Exposes exactly the typed contract to the renderer as `window.supportDesk`: one named function per call
 * and one subscribe function per event. No generic invoke/send and no ipcRenderer object crosses the bridge,
 * so a compromised renderer can reach only what the contract names (and the main side validates it again).
 */
const calls = Object.fromEntries(
  CALL_NAMES.map((name) => [name, (request: unknown) => ipcRenderer.invoke(callChannel(name), request)]),
);

const events = Object.fromEntries(
  EVENT_NAMES.map((name) => [
    name,
    (listener: (payload: unknown) => void) => {
      const handler = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
      ipcRenderer.on(eventChannel(name), handler);
      return () => {
        ipcRenderer.removeListener(eventChannel(name), handler);
      };
    },
  ]),
);

const api = { calls, events } as unknown as SupportDeskApi;
contextBridge.exposeInMainWorld('supportDesk', api);
