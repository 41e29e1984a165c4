// Builds better-sqlite3 against Electron's ABI into build/electron-native/better_sqlite3.node.
// The Node build in node_modules stays as it is, so `npm test`, the server and web mode keep working;
// the Electron shell passes this file to better-sqlite3's `nativeBinding` option.
// Only useful where the Electron binary exists (a workstation); run by scripts/postinstall.mjs there.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, rmSync, copyFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

const require = createRequire(import.meta.url);
const electronVersion = require('electron/package.json').version;
const sqliteDir = dirname(require.resolve('better-sqlite3/package.json'));
const work = resolve('build', 'electron-native', 'src');
const outFile = resolve('build', 'electron-native', 'better_sqlite3.node');

rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });
cpSync(sqliteDir, work, { recursive: true, filter: (p) => !p.includes(`${join('build', 'Release')}`) });

// node-gyp ships with npm; build against Electron's headers.
const npmDir = dirname(require.resolve('npm/package.json', { paths: [dirname(process.execPath), join(dirname(process.execPath), '..', 'lib')] }));
const nodeGyp = join(npmDir, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
const res = spawnSync(
  process.execPath,
  [nodeGyp, 'rebuild', '--release', `--target=${electronVersion}`, '--dist-url=https://electronjs.org/headers', '--runtime=electron'],
  { cwd: work, stdio: 'inherit' },
);
if (res.status !== 0 || !existsSync(join(work, 'build', 'Release', 'better_sqlite3.node'))) {
  console.error('[build-electron-native] node-gyp failed');
  process.exit(1);
}
copyFileSync(join(work, 'build', 'Release', 'better_sqlite3.node'), outFile);
rmSync(work, { recursive: true, force: true });
console.log(`[build-electron-native] wrote ${outFile} for Electron ${electronVersion}`);
