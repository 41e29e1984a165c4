// Worker-thread entry: runs the core (cache + sync engine + handlers) off the main thread, so SQLite work
// never stalls the Electron window or the web-mode HTTP server. Bundled to out/main/core-worker.js.
import { parentPort, workerData } from 'node:worker_threads';
import { DomainError } from '../../src-shared/errors';
import { createDispatcher, type ContractHandlers } from '../contract/dispatcher';
import { FRONT_CALLS, SupportDeskCore } from '../core/core';
import type { SessionVault, StoredSession } from '../core/session-vault';
import { FromWorkerSchema, StoredSessionSchema, ToWorkerSchema, WorkerDataSchema, type FromWorker } from './host-protocol';

const port = parentPort;
if (!port) throw new Error('core-worker must run in a worker thread');
const data = WorkerDataSchema.parse(workerData);

const post = (m: FromWorker): void => port.postMessage(FromWorkerSchema.parse(m));

let nextVaultId = 1;
const vaultWaiters = new Map<number, (value: unknown) => void>();
function askVault(m: { op: 'load' } | { op: 'save'; session: StoredSession } | { op: 'clear' }): Promise<unknown> {
  const id = nextVaultId++;
  return new Promise((resolve) => {
    vaultWaiters.set(id, resolve);
    post({ t: 'vault', id, ...m } as FromWorker);
  });
}

/** The vault lives on the main thread (Electron's safeStorage is not available in workers). */
const vault: SessionVault = {
  load: async () => {
    const v = StoredSessionSchema.nullable().safeParse(await askVault({ op: 'load' }));
    return v.success ? (v.data as StoredSession | null) : null;
  },
  save: async (session) => {
    const v = await askVault({ op: 'save', session });
    return { stored: typeof v === 'object' && v !== null && (v as { stored?: unknown }).stored === true };
  },
  clear: async () => {
    await askVault({ op: 'clear' });
  },
};

const log = (msg: string, ctx?: Record<string, unknown>) => console.error(`[core] ${msg}`, ctx ? JSON.stringify(ctx) : '');
const core = new SupportDeskCore({
  dataDir: data.dataDir,
  appRoot: data.appRoot,
  vault,
  log,
  slaTickMs: data.slaTickMs,
  onSessionNotStored: () => post({ t: 'signal', signal: { kind: 'session_not_stored' } }),
});
const notHere = async () => {
  throw new DomainError('NOT_FOUND', 'answered by the shell, not the core');
};
const front = Object.fromEntries(FRONT_CALLS.map((n) => [n, notHere])) as unknown as Pick<ContractHandlers, (typeof FRONT_CALLS)[number]>;
const dispatch = createDispatcher({ ...core.handlers(), ...front }, { onInternalError: (name, error) => log('call failed', { name, error: String(error) }) });

core.onEvent((name, payload) => post({ t: 'event', name, payload }));
core.onSignal((signal) => post({ t: 'signal', signal }));

port.on('message', (raw: unknown) => {
  const parsed = ToWorkerSchema.safeParse(raw);
  if (!parsed.success) {
    log('ignored a malformed message from the main thread', { issue: parsed.error.message });
    return;
  }
  const m = parsed.data;
  switch (m.t) {
    case 'call':
      void dispatch(m.name, m.request).then((result) => post({ t: 'result', id: m.id, result }));
      return;
    case 'vault-result': {
      const settle = vaultWaiters.get(m.id);
      vaultWaiters.delete(m.id);
      settle?.(m.value);
      return;
    }
    case 'restore':
      void core.restore().then((s) => post({ t: 'restored', signedIn: s !== null }));
      return;
    case 'close':
      void core.close().then(() => post({ t: 'closed' }));
      return;
  }
});

post({ t: 'ready' });
