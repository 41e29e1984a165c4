import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * `npm run sync -- --server … --db … --email … --password …` against a live `npm run server` (the real
 * src-server/cli.ts with the demo seed, which mounts the sync routes) on 127.0.0.1: login, bootstrap,
 * incremental re-run, a wrong password. Both programs run as child processes, exactly as an operator runs them.
 */
const REPO = join(__dirname, '..', '..');
const TICKETS = 60;
const SLOW = 240_000;

let dir: string;
let server: ChildProcess;
let base: string;

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src-main/sync/cli.ts', ...args], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sync-cli-'));
  server = spawn(
    process.execPath,
    ['--import', 'tsx', 'src-server/cli.ts', '--port', '0', '--db', join(dir, 'service.sqlite'), '--seed', 'demo', '--tickets', String(TICKETS), '--random-seed', '42'],
    { cwd: REPO, stdio: ['ignore', 'pipe', 'ignore'], env: { ...process.env, LOG_LEVEL: 'warn' } },
  );
  base = await new Promise<string>((resolve, reject) => {
    let out = '';
    server.on('exit', (code) => reject(new Error(`service exited with ${code} before listening`)));
    server.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) resolve(m[1]!);
    });
  });
}, SLOW);

afterAll(async () => {
  if (server && server.exitCode === null) {
    const exited = new Promise((r) => server.on('exit', r));
    server.kill('SIGTERM');
    await exited;
  }
  rmSync(dir, { recursive: true, force: true });
});

describe('sync CLI with --email/--password against a live service', () => {
  it('logs in, bootstraps every ticket, re-runs incrementally, never prints the password or token', async () => {
    const db = join(dir, 'agent.sqlite');
    const args = ['--server', base, '--db', db, '--email', 'agent@demo.estos.de', '--password', 'demo-agent-1', '--pull-limit', '97'];
    const first = await run(args);
    expect(first.code, first.stderr).toBe(0);
    const counts = JSON.parse(first.stdout) as Record<string, number>;
    expect(counts).toMatchObject({ tickets: TICKETS, outboxPending: 0, outboxSent: 0, rejections: 0 });
    expect(counts.comments).toBeGreaterThan(0);
    expect(counts.cursor).toBeGreaterThan(TICKETS);
    expect(first.stderr).toMatch(/bootstrap \d+\/\d+/);
    for (const out of [first.stdout, first.stderr]) {
      expect(out).not.toContain('demo-agent-1');
      expect(out).not.toMatch(/"token"/);
    }

    const again = await run(args);
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ tickets: TICKETS, cursor: counts.cursor });
    expect(again.stderr).not.toMatch(/bootstrap/); // incremental: nothing to bootstrap
  }, SLOW);

  it('a wrong password fails with exit code 1, says why, and creates no cache file', async () => {
    const db = join(dir, 'wrong.sqlite');
    const r = await run(['--server', base, '--db', db, '--email', 'agent@demo.estos.de', '--password', 'not-the-password']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/sync failed/);
    expect(r.stderr + r.stdout).not.toContain('not-the-password');
    expect(existsSync(db)).toBe(false);
  }, SLOW);
});
