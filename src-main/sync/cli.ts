import { parseArgs } from 'node:util';
import { z } from 'zod';
import { UserRoleSchema } from '../../src-shared/domain/ticket';
import { SyncCache } from '../cache/sync-cache';
import { SyncEngine } from './engine';
import { HttpClient } from './http-client';

/**
 * Headless sync for support diagnostics and pre-seeding caches:
 *   npm run sync -- --server <url> --db <file> (--email <e> --password <p> | --token <t> --user-id <id> --role <r>)
 * Logs in, pushes pending changes, pulls to the end, prints one JSON line with counts. Exit code 1 on failure.
 * Never prints the password or the token.
 */
const ArgsSchema = z
  .strictObject({
    server: z.url(),
    db: z.string().min(1),
    email: z.string().min(1).optional(),
    password: z.string().min(1).optional(),
    token: z.string().min(1).optional(),
    'user-id': z.string().min(1).optional(),
    role: UserRoleSchema.optional(),
    'pull-limit': z.coerce.number().int().min(1).max(5000).default(1000),
    'push-batch': z.coerce.number().int().min(1).max(500).default(100),
  })
  .refine((a) => (a.email !== undefined && a.password !== undefined) || (a.token !== undefined && a['user-id'] !== undefined && a.role !== undefined), {
    message: 'give --email and --password, or --token, --user-id and --role',
  });

const LoginResponseSchema = z.object({
  token: z.string().min(1),
  user: z.object({ id: z.string().min(1), role: UserRoleSchema }),
});

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: Object.fromEntries(
      ['server', 'db', 'email', 'password', 'token', 'user-id', 'role', 'pull-limit', 'push-batch'].map((k) => [k, { type: 'string' as const }]),
    ),
  });
  const parsed = ArgsSchema.safeParse(Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)));
  if (!parsed.success) {
    console.error(`bad command line:\n${z.prettifyError(parsed.error)}`);
    return 2;
  }
  const args = parsed.data;
  const started = performance.now();
  let token: string;
  let actor: { userId: string; role: z.infer<typeof UserRoleSchema> };
  if (args.token !== undefined) {
    token = args.token;
    actor = { userId: args['user-id']!, role: args.role! };
  } else {
    const http = new HttpClient({ baseUrl: args.server, token: () => null, fetch: (u, i) => fetch(u, i), timeoutMs: 15_000 });
    const login = await http.json('POST', 'api/v1/auth/login', LoginResponseSchema, { email: args.email, password: args.password });
    token = login.token;
    actor = { userId: login.user.id, role: login.user.role };
  }
  const cache = SyncCache.open(args.db, actor);
  try {
    const engine = new SyncEngine({ cache, baseUrl: args.server, token: () => token, pullLimit: args['pull-limit'], pushBatchSize: args['push-batch'] });
    engine.on('progress', (p) => {
      if (p.bootstrapping) process.stderr.write(`bootstrap ${p.done}/${p.total}\n`);
    });
    engine.on('rejected', (rs) => {
      for (const r of rs) process.stderr.write(`rejected mutation ${r.mutationId} ${r.name}: ${r.code} ${r.message}\n`);
    });
    await engine.syncOnce();
    const counts = cache.counts();
    process.stdout.write(`${JSON.stringify({ ...counts, lastSyncedAt: cache.state().lastSyncedAt, elapsedMs: Math.round(performance.now() - started) })}\n`);
    return 0;
  } finally {
    cache.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`sync failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
