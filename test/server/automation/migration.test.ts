import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { automationMigration } from '../../../src-server/automation/migration-0400-due-queue';
import { MIGRATIONS } from '../../../src-server/storage/migrations/index';
import { migrate } from '../../../src-server/storage/migrations/runner';

const NOW = '2026-03-02T08:00:00.000Z';
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('migration 400 automation-due-queue', () => {
  it('is registered, applies after the core migrations, and reads due rows through its index', () => {
    expect(MIGRATIONS).toContain(automationMigration);
    const dir = mkdtempSync(join(tmpdir(), 'auto-mig-'));
    dirs.push(dir);
    const d = new Database(join(dir, 'db.sqlite'));
    expect(migrate(d, MIGRATIONS, NOW)).toContain(400);
    d.prepare("INSERT INTO automation_due (ticket_id, due_at, from_status, to_status, rule) VALUES ('t1', ?, 'FEEDBACK_REQUEST', 'FEEDBACK_PENDING', 'r')").run(NOW);
    expect(() => d.prepare("INSERT INTO automation_due (ticket_id, due_at, from_status, to_status, rule) VALUES ('t1', ?, 'X', 'Y', 'r')").run(NOW)).toThrow(/UNIQUE|PRIMARY/);
    const plan = d.prepare('EXPLAIN QUERY PLAN SELECT ticket_id FROM automation_due WHERE due_at <= ? ORDER BY due_at LIMIT 10').all(NOW) as Array<{ detail: string }>;
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/USING (COVERING )?INDEX automation_due_at/);
    d.close();
  });
});
