import { z } from 'zod';
import { DomainError } from '../../src-shared/errors';

/** Parses untrusted input; failures become VALIDATION_FAILED with the zod issues as details. */
export function parseInput<T>(schema: z.ZodType<T>, value: unknown, where: 'params' | 'query' | 'body'): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.slice(0, 20).map((i) => ({ path: i.path.map(String).join('.'), message: i.message, code: i.code }));
  const first = issues[0];
  throw new DomainError('VALIDATION_FAILED', `invalid ${where}${first ? `: ${first.path || '(root)'}: ${first.message}` : ''}`, {
    where,
    issues,
  });
}

/** Query strings arrive as strings: integers with bounds and a default. */
export function queryInt(min: number, max: number, fallback: number) {
  return z.coerce.number().int().min(min).max(max).default(fallback);
}

export const IdParams = z.strictObject({ id: z.string().min(1).max(100) });
