import { parseArgs, type ParseArgsConfig } from 'node:util';
import { z } from 'zod';

/**
 * The command line of an npm script, validated by `schema`: unknown options and bad values print the reason and
 * the usage line, then exit with status 2 (nothing has been started yet).
 */
export function parseScriptArgs<S extends z.ZodType>(options: NonNullable<ParseArgsConfig['options']>, schema: S, usage: string): z.infer<S> {
  try {
    const { values } = parseArgs({ options, strict: true });
    return schema.parse(Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)));
  } catch (e) {
    console.error(`bad command line: ${e instanceof z.ZodError ? z.prettifyError(e) : (e as Error).message}`);
    console.error(`usage: ${usage}`);
    process.exit(2);
  }
}
