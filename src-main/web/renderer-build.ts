import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/** Builds main, preload, worker and renderer with electron-vite when the renderer bundle is missing (or forced). */
export function ensureBuilt(appRoot: string, force = false, log: (s: string) => void = console.log): string {
  const index = join(appRoot, 'out', 'renderer', 'index.html');
  if (existsSync(index) && !force) return join(appRoot, 'out', 'renderer');
  log(force ? 'building the app (electron-vite build)…' : 'out/renderer is missing: building it first (electron-vite build)…');
  const require = createRequire(join(appRoot, 'package.json'));
  const cli = join(require.resolve('electron-vite/package.json'), '..', 'bin', 'electron-vite.js');
  const res = spawnSync(process.execPath, [cli, 'build'], { cwd: appRoot, stdio: 'inherit' });
  if (res.status !== 0 || !existsSync(index)) throw new Error('electron-vite build failed; see the output above');
  return join(appRoot, 'out', 'renderer');
}

/**
 * The Electron binary when one is installed (workstations), else null (CI, these machines). Reads the
 * electron package's path.txt the way its index.js does, without loading `electron` outside the shell.
 */
export function electronBinary(appRoot: string, env: NodeJS.ProcessEnv = process.env): string | null {
  const pkg = join(appRoot, 'node_modules', 'electron');
  const pathFile = join(pkg, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const rel = readFileSync(pathFile, 'utf8').trim();
  const file = env.ELECTRON_OVERRIDE_DIST_PATH ? join(env.ELECTRON_OVERRIDE_DIST_PATH, rel) : join(pkg, 'dist', rel);
  return existsSync(file) ? file : null;
}
