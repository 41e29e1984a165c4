import { app, BrowserWindow } from 'electron';
import { join } from 'node:path';

/**
 * Minimal shell: one locked-down window showing the renderer. The full shell (app:// protocol, CSP,
 * navigation guards, typed IPC, settings, safeStorage) is built on top of this in src-main/shell/.
 */
export function startShell(): void {
  void app.whenReady().then(() => {
    const win = new BrowserWindow({
      width: 1280,
      height: 800,
      webPreferences: {
        preload: join(__dirname, '../preload/index.js'),
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        webSecurity: true,
      },
    });
    void win.loadFile(join(__dirname, '../renderer/index.html'));
  });
  app.on('window-all-closed', () => app.quit());
}
