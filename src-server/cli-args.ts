import { parseArgs } from 'node:util';
import { z } from 'zod';

const ArgsSchema = z.strictObject({
  port: z.coerce.number().int().min(0).max(65_535),
  db: z.string().min(1),
  seed: z.enum(['demo']).optional(),
  tickets: z.coerce.number().int().min(0).max(1_000_000).optional(),
  'random-seed': z.coerce.number().int().optional(),
  clock: z.enum(['system', 'manual']).default('system'),
  'clock-start': z.iso.datetime({ offset: false }).optional(),
  smtp: z
    .url()
    .refine((u) => /^smtps?:\/\//.test(u), 'must be an smtp:// or smtps:// URL')
    .optional(),
});
export type CliArgs = z.infer<typeof ArgsSchema>;

/** Parses and validates the command line; throws an Error whose message is fit for the terminal. */
export function parseCliArgs(argv: readonly string[]): CliArgs {
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        db: { type: 'string' },
        seed: { type: 'string' },
        tickets: { type: 'string' },
        'random-seed': { type: 'string' },
        clock: { type: 'string' },
        'clock-start': { type: 'string' },
        smtp: { type: 'string' },
      },
    }) as { values: Record<string, string | undefined> });
  } catch (err) {
    throw new Error(`bad command line: ${(err as Error).message}`, { cause: err });
  }
  const defined = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined));
  const parsed = ArgsSchema.safeParse(defined);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  --${i.path.join('.') || '?'}: ${i.message}`);
    throw new Error(`bad command line:\n${lines.join('\n')}\nusage: npm run server -- --port 8080 --db ./data/tickets.sqlite|postgres://user@host:5432/db [--seed demo --tickets 5000 --random-seed 42] [--clock manual] [--smtp smtp://127.0.0.1:2525]`);
  }
  if ((parsed.data.tickets !== undefined || parsed.data['random-seed'] !== undefined) && !parsed.data.seed) {
    throw new Error('bad command line: --tickets and --random-seed need --seed demo');
  }
  return parsed.data;
}
