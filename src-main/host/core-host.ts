import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { DomainError } from '../../src-shared/errors';
import { CALLS, EVENTS, type CallName, type EventName, type Result } from '../../src-shared/ipc/contract';
import { createDispatcher, type ContractHandlers, type Dispatch } from '../contract/dispatcher';
import { FRONT_CALLS, type FrontCallName } from '../core/core';
import type { SessionVault } from '../core/session-vault';
import { FromWorkerSchema, type HostSignalMessage, type ToWorker, type WorkerData } from './host-protocol';

export type FrontHandlers = Pick<ContractHandlers, FrontCallName>;

export interface CoreHostOptions {
  readonly dataDir: string;
  readonly appRoot: string;
  readonly vault: SessionVault;
  readonly front: FrontHandlers;
  readonly onSignal?: (signal: HostSignalMessage) => void;
  readonly log?: (msg: string, ctx?: Record<string, unknown>) => void;
  /** explicit worker script (tests); default: the bundled .js next to this file, else the .ts source via tsx */
  readonly workerScript?: string;
  readonly slaTickMs?: number;
}

export interface CoreHost {
  readonly dispatch: Dispatch;
  subscribe(listener: (name: EventName, payload: unknown) => void): () => void;
  /** tries the stored session; resolves whether someone is signed in */
  restore(): Promise<boolean>;
  /** a front-side event (deep link, settings change) goes to the same listeners as core events */
  emitFront(name: EventName, payload: unknown): void;
  close(): Promise<void>;
}

/**
 * Where the worker script is: electron-vite bundles it to out/main/core-worker.js beside the main bundle;
 * scripts run from source (tsx) load the .ts file with tsx's loader in the worker.
 */
export function resolveWorkerScript(dir: string): string {
  const js = join(dir, 'core-worker.js');
  return existsSync(js) ? js : join(dir, 'core-worker.ts');
}

/**
 * A .ts worker (scripts run through tsx, tests) is loaded via tsx's require hook; Node 20 workers do not
 * inherit the parent's loader and ignore `--import` in execArgv.
 */
function spawnWorker(file: string, workerData: WorkerData): Worker {
  if (!file.endsWith('.ts')) return new Worker(file, { workerData });
  const boot = `require('tsx/cjs/api').register(); require(${JSON.stringify(file)});`;
  return new Worker(boot, { eval: true, workerData });
}

/**
 * Starts the core in a worker thread and puts the contract dispatcher in front of it: requests are
 * validated here (before crossing the thread boundary) and again in the worker; front calls (settings,
 * opening links) are answered here because they need Electron or the host's own files.
 */
export async function startCoreHost(o: CoreHostOptions): Promise<CoreHost> {
  const workerData: WorkerData = { dataDir: o.dataDir, appRoot: o.appRoot, ...(o.slaTickMs ? { slaTickMs: o.slaTickMs } : {}) };
  const worker = spawnWorker(o.workerScript ?? resolveWorkerScript(__dirname), workerData);
  const log = o.log ?? (() => undefined);
  const listeners = new Set<(name: EventName, payload: unknown) => void>();
  const pending = new Map<number, (r: Result<unknown>) => void>();
  let nextId = 1;
  let exited = false;
  let restoreWaiter: ((signedIn: boolean) => void) | null = null;
  let closeWaiter: (() => void) | null = null;

  const send = (m: ToWorker) => worker.postMessage(m);
  const fanOut = (name: EventName, payload: unknown) => {
    if (!Object.hasOwn(EVENTS, name)) return;
    const parsed = EVENTS[name].safeParse(payload);
    if (!parsed.success) {
      log('dropped an off-contract event', { name });
      return;
    }
    for (const l of listeners) l(name, parsed.data);
  };

  const ready = new Promise<void>((resolve, reject) => {
    worker.once('error', reject);
    worker.on('message', (raw: unknown) => {
      const parsed = FromWorkerSchema.safeParse(raw);
      if (!parsed.success) {
        log('ignored a malformed message from the core worker', { issue: parsed.error.message });
        return;
      }
      const m = parsed.data;
      switch (m.t) {
        case 'ready':
          resolve();
          return;
        case 'result': {
          const settle = pending.get(m.id);
          pending.delete(m.id);
          settle?.(m.result as Result<unknown>);
          return;
        }
        case 'event':
          fanOut(m.name as EventName, m.payload);
          return;
        case 'signal':
          o.onSignal?.(m.signal);
          return;
        case 'restored':
          restoreWaiter?.(m.signedIn);
          restoreWaiter = null;
          return;
        case 'closed':
          closeWaiter?.();
          return;
        case 'vault': {
          const op = m.op === 'load' ? o.vault.load() : m.op === 'save' ? o.vault.save(m.session) : o.vault.clear().then(() => null);
          void op.then(
            (value) => send({ t: 'vault-result', id: m.id, value }),
            (error: unknown) => {
              log('session vault failed', { op: m.op, error: String(error) });
              send({ t: 'vault-result', id: m.id, value: m.op === 'save' ? { stored: false } : null });
            },
          );
          return;
        }
      }
    });
  });
  worker.on('error', (error) => log('core worker crashed', { error: String(error) }));
  worker.on('exit', (code) => {
    exited = true;
    for (const [id, settle] of pending) {
      pending.delete(id);
      settle({ ok: false, error: { code: 'INTERNAL', message: 'the Support Desk core stopped' } });
    }
    // terminate() after an orderly close exits with code 1; only an unexpected exit is worth a log line.
    if (code !== 0 && closeWaiter === null) log('core worker exited', { code });
    closeWaiter?.();
  });
  await ready;

  const forward = (name: CallName) => async (request: unknown) => {
    if (exited) throw new DomainError('INTERNAL', 'the Support Desk core stopped');
    const id = nextId++;
    const result = await new Promise<Result<unknown>>((resolve) => {
      pending.set(id, resolve);
      send({ t: 'call', id, name, request });
    });
    if (!result.ok) throw new DomainError(result.error.code, result.error.message);
    return result.value;
  };
  const handlers = Object.fromEntries(
    (Object.keys(CALLS) as CallName[]).map((name) => [name, (FRONT_CALLS as readonly string[]).includes(name) ? o.front[name as FrontCallName] : forward(name)]),
  ) as unknown as ContractHandlers;
  const dispatch = createDispatcher(handlers, { onInternalError: (name, error) => log('call failed', { name, error: String(error) }) });

  return {
    dispatch,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    restore() {
      return new Promise((resolve) => {
        restoreWaiter = resolve;
        send({ t: 'restore' });
      });
    },
    emitFront: fanOut,
    async close() {
      if (exited) return;
      await new Promise<void>((resolve) => {
        closeWaiter = resolve;
        send({ t: 'close' });
      });
      await worker.terminate();
    },
  };
}
