import type { MenuItemConstructorOptions } from 'electron';

export interface MenuActions {
  readonly syncNow: () => void;
  readonly signOut: () => void;
  readonly openDocs: () => void;
  readonly isDev: boolean;
}

/**
 * The application menu. The renderer owns the in-app shortcuts (j/k, e, /, …); the menu carries the
 * app-level ones so they also work from the menu bar and are discoverable there.
 */
export function menuTemplate(a: MenuActions, platform: NodeJS.Platform = process.platform): MenuItemConstructorOptions[] {
  const mac = platform === 'darwin';
  return [
    ...(mac ? [{ role: 'appMenu' as const }] : []),
    {
      label: '&File',
      submenu: [
        { label: 'Sync now', accelerator: 'CmdOrCtrl+Shift+S', click: a.syncNow },
        { type: 'separator' },
        { label: 'Sign out', click: a.signOut },
        { type: 'separator' },
        mac ? { role: 'close' } : { role: 'quit', accelerator: 'Ctrl+Q' },
      ],
    },
    { role: 'editMenu' },
    {
      label: '&View',
      submenu: [
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
        ...(a.isDev ? [{ type: 'separator' as const }, { role: 'toggleDevTools' as const }] : []),
      ],
    },
    { role: 'windowMenu' },
    { role: 'help', submenu: [{ label: 'Support Desk documentation', click: a.openDocs }] },
  ];
}
