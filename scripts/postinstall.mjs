// Root postinstall: the only install step of ours. npm 11 blocks dependency install scripts unless
// package.json's "allowScripts" approves them. We approve better-sqlite3 (it must compile for Node) and
// deny electron's own postinstall, because it downloads the Electron binary from a host that many of our
// machines (and CI) cannot reach, and a failure there would fail the whole `npm install`.
// Instead we run Electron's download here, bounded in time, and treat failure as "no Electron binary":
// the app then runs in web mode. On a workstation that can reach the host, Electron installs normally and
// we also build better-sqlite3 against Electron's ABI into build/electron-native (see
// scripts/build-electron-native.mjs), leaving the Node build in node_modules untouched.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const log = (msg) => console.log(`[postinstall] ${msg}`);

function electronDir() {
  try {
    return dirname(require.resolve('electron/package.json'));
  } catch {
    return null; // production install without devDependencies
  }
}

function tryElectronBinary(dir) {
  if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) {
    log('ELECTRON_SKIP_BINARY_DOWNLOAD is set: not downloading the Electron binary (web mode only).');
    return false;
  }
  const timeoutMs = Number(process.env.SUPPORT_DESK_ELECTRON_DOWNLOAD_TIMEOUT_MS ?? 90_000);
  const result = spawnSync(process.execPath, [join(dir, 'install.js')], {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: timeoutMs,
    encoding: 'utf8',
  });
  if (result.status === 0 && existsSync(join(dir, 'path.txt'))) {
    log('Electron binary installed.');
    return true;
  }
  const reason = result.error?.message ?? (result.stderr || '').split('\n').find((l) => l.trim()) ?? 'unknown';
  log(`Electron binary not available (${reason.trim()}). That is expected on machines without access to`);
  log("Electron's download host. Everything except the Electron shell works; `npm start` uses web mode.");
  return false;
}

const dir = electronDir();
if (!dir) {
  log('electron is not installed (production install): skipping the Electron binary.');
} else if (tryElectronBinary(dir)) {
  const build = spawnSync(process.execPath, [join('scripts', 'build-electron-native.mjs')], { stdio: 'inherit' });
  if (build.status !== 0) {
    log('Could not build better-sqlite3 for Electron; the desktop shell will not start until');
    log('`node scripts/build-electron-native.mjs` succeeds. Web mode and tests are unaffected.');
  }
}
