import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The per-user data folder shared by web mode, the embedded service and (through Electron's own
 * app.getPath('userData')) the desktop app: $XDG_DATA_HOME/support-desk or ~/.local/share/support-desk on
 * Linux, %APPDATA%\support-desk on Windows, ~/Library/Application Support/support-desk on macOS.
 * SUPPORT_DESK_DATA_DIR overrides it (tests, several independent demo setups).
 */
export function userDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home = homedir()): string {
  if (env.SUPPORT_DESK_DATA_DIR) return env.SUPPORT_DESK_DATA_DIR;
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'support-desk');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'support-desk');
  return join(env.XDG_DATA_HOME || join(home, '.local', 'share'), 'support-desk');
}
