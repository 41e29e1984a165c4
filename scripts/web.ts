// npm run web -- --server <url> [--port 5180] [--rebuild]
// Web mode: the same core as the desktop app in a local Node process, serving the built renderer to a browser.
import { resolve } from 'node:path';
import { z } from 'zod';
import { ensureBuilt } from '../src-main/web/renderer-build';
import { userDataDir } from '../src-main/web/user-data-dir';
import { startWebMode } from '../src-main/web/web-mode';
import { parseScriptArgs } from './script-args';

const ArgsSchema = z.strictObject({
  server: z.url({ protocol: /^https?$/ }),
  port: z.coerce.number().int().min(0).max(65_535).default(5180),
  rebuild: z.boolean().default(false),
});

async function main(): Promise<void> {
  const args = parseScriptArgs(
    { server: { type: 'string' }, port: { type: 'string' }, rebuild: { type: 'boolean' } },
    ArgsSchema,
    'npm run web -- --server http://127.0.0.1:8080 [--port 5180] [--rebuild]',
  );
  const appRoot = resolve(__dirname, '..');
  const staticDir = ensureBuilt(appRoot, args.rebuild);
  const web = await startWebMode({ dataDir: userDataDir(), appRoot, staticDir, port: args.port, log: (m, c) => console.error(m, c ?? '') });
  if (web.portChanged) console.log(`port ${args.port} is in use; using ${web.server.port} instead`);
  console.log(`web mode at ${web.url}&server=${encodeURIComponent(args.server)}`);
  console.log('sign in with your ticket-service account; Ctrl+C stops web mode');
  let closing = false;
  const stop = () => {
    if (closing) return;
    closing = true;
    void web.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
