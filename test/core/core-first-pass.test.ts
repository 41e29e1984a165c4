import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { cacheFileName } from '../../src-main/cache/db-file-name';
import type { HostSignal } from '../../src-main/core/sla-watcher';
import { AGENT } from '../main/fixtures';
import { PASSWORD, isSynced, startHarness } from './core-harness';

type Harness = Awaited<ReturnType<typeof startHarness>>;
const nextMacrotask = () => new Promise<void>((resolve) => setImmediate(resolve));

// The first SLA pass after sign-in covers every open ticket; with a large cache that is many seconds of work.
// It must not hold back the renderer: a call that arrives while it runs is answered before it finishes.
describe('core: the first timer pass after sign-in runs in the background', () => {
  let h: Harness;
  afterEach(async () => h.stop());

  it('a queue.window call arriving mid-pass is answered before the pass completes (badge = pass done)', async () => {
    h = await startHarness({ timerSliceSize: 1 });
    const signals: HostSignal['kind'][] = [];
    h.core.onSignal((s) => signals.push(s.kind));
    const reader = { db: null as Database.Database | null };
    const evaluated = () => {
      reader.db ??= new Database(join(h.dataDir, 'caches', cacheFileName(h.server.url, AGENT.userId)), { readonly: true });
      return reader.db.prepare('SELECT count(*) FROM ticket_sla').pluck().get() as number;
    };
    try {
      const answered = new Promise<{ rows: number; badgeSeen: boolean; evaluatedThen: number }>((resolve, reject) => {
        let armed = false;
        h.core.onEvent((name, payload) => {
          if (armed || !isSynced(name, payload)) return;
          armed = true;
          // 'synced' starts the pass right after this event; wait until it has evaluated something.
          void (async () => {
            while (evaluated() === 0) await nextMacrotask();
            const w = await h.core.handlers()['queue.window']({ view: 'all_open', filter: {}, offset: 0, limit: 50 });
            resolve({ rows: w.rows.length, badgeSeen: signals.includes('badge'), evaluatedThen: evaluated() });
          })().catch(reject);
        });
      });
      const session = await h.core.handlers()['auth.signIn']({ serverUrl: h.server.url, email: 'anna@example.com', password: PASSWORD });
      expect(session.user.id).toBe(AGENT.userId);
      const r = await answered;
      expect(r.rows).toBe(12);
      expect(r.badgeSeen).toBe(false);
      expect(r.evaluatedThen).toBeGreaterThan(0);
      expect(r.evaluatedThen).toBeLessThan(12);
      // The pass then completes and arms the my-queue watcher: the badge (3 of my tickets, none at risk).
      while (!signals.includes('badge')) await nextMacrotask();
      expect(evaluated()).toBe(12);
    } finally {
      reader.db?.close();
    }
  });
});
