import { join } from 'node:path';
import { BrowserWindow, screen, type Rectangle } from 'electron';
import { APP_ORIGIN } from './ipc-wiring';
import { webPreferences } from './security';
import type { WindowState } from './settings-store';

const DEFAULT_SIZE = { width: 1280, height: 800 };

/** A saved position is used only if it still overlaps a connected display (monitors come and go). */
export function visibleBounds(saved: WindowState | null, displays: readonly Rectangle[]): Partial<Rectangle> {
  if (!saved) return DEFAULT_SIZE;
  const overlaps = displays.some(
    (d) => saved.x < d.x + d.width && saved.x + saved.width > d.x && saved.y < d.y + d.height && saved.y + saved.height > d.y,
  );
  return overlaps ? { x: saved.x, y: saved.y, width: saved.width, height: saved.height } : { width: saved.width, height: saved.height };
}

export function createMainWindow(preloadDir: string, saved: WindowState | null, onStateChange: (s: WindowState) => void): BrowserWindow {
  const win = new BrowserWindow({
    ...visibleBounds(saved, screen.getAllDisplays().map((d) => d.workArea)),
    minWidth: 800,
    minHeight: 500,
    show: false,
    title: 'Support Desk',
    backgroundColor: '#1e1e1e',
    webPreferences: webPreferences(join(preloadDir, 'index.js')),
  });
  if (saved?.maximized) win.maximize();
  win.once('ready-to-show', () => win.show());
  const save = () => {
    if (win.isDestroyed() || win.isMinimized()) return;
    const b = win.getNormalBounds();
    onStateChange({ x: b.x, y: b.y, width: b.width, height: b.height, maximized: win.isMaximized() });
  };
  win.on('resize', save);
  win.on('move', save);
  win.on('close', save);
  void win.loadURL(`${APP_ORIGIN}/index.html`);
  return win;
}
