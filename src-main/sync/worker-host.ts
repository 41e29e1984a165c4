import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { DomainError } from '../../src-shared/errors';
import { TypedEmitter } from './typed-emitter';
import { FromSyncWorkerSchema, type SyncCall, type SyncWorkerConfig } from './worker-protocol';

/** Events forwarded from the worker (payloads as the engine/timer service emit them, structured-cloned). */
export interface SyncWorkerEvents {
  event: { readonly name: string; readonly payload: unknown };
  exit: { readonly code: number };
}

/**
 * Main-thread handle to a sync worker: a promise per call, events forwarded. The worker validates every
 * call; the host validates every message coming back.
 */
export class SyncWorkerHost extends TypedEmitter<SyncWorkerEvents> {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

  private constructor(private readonly worker: Worker) {
    super();
    worker.on('message', (raw: unknown) => {
      const msg = FromSyncWorkerSchema.safeParse(raw);
      if (!msg.success) return;
      const m = msg.data;
      if (m.t === 'event') this.emit('event', { name: m.name, payload: m.payload });
      if (m.t !== 'result') return;
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.ok) p.resolve(m.value);
      else p.reject(new DomainError(m.error.code, m.error.message));
    });
    worker.on('exit', (code) => {
      for (const p of this.pending.values()) p.reject(new DomainError('INTERNAL', `sync worker exited with code ${code}`));
      this.pending.clear();
      this.emit('exit', { code });
    });
  }

  /** Starts the worker and resolves once it has opened the cache; rejects with the worker's reason. */
  static start(config: SyncWorkerConfig, entry = defaultEntry()): Promise<SyncWorkerHost> {
    const worker = spawnWorker(entry, config);
    return new Promise((resolve, reject) => {
      const onMessage = (raw: unknown) => {
        const msg = FromSyncWorkerSchema.safeParse(raw);
        if (!msg.success) return;
        if (msg.data.t === 'ready') {
          worker.off('message', onMessage);
          resolve(new SyncWorkerHost(worker));
        } else if (msg.data.t === 'fatal') {
          worker.off('message', onMessage);
          void worker.terminate();
          reject(new DomainError(msg.data.error.code, msg.data.error.message));
        }
      };
      worker.on('message', onMessage);
      worker.once('error', reject);
    });
  }

  call(call: SyncCall): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, call });
    });
  }

  async close(): Promise<void> {
    try {
      await this.call({ method: 'stop' });
    } finally {
      await this.worker.terminate();
    }
  }
}

function defaultEntry(): string {
  // Bundled builds place the compiled worker beside this file; in development and tests it is the .ts source.
  return join(__dirname, __filename.endsWith('.ts') ? 'sync-worker.ts' : 'sync-worker.js');
}

function spawnWorker(file: string, workerData: SyncWorkerConfig): Worker {
  if (!file.endsWith('.ts')) return new Worker(file, { workerData });
  // Source (tests, tsx): register tsx's loader inside the worker before requiring the entry.
  const boot = `require('tsx/cjs/api').register(); require(${JSON.stringify(file)});`;
  return new Worker(boot, { eval: true, workerData });
}
