import { join } from 'node:path';
import { app, type BrowserWindow, dialog, Menu, safeStorage, session, shell, Tray, nativeImage } from 'electron';
import type { EventName, EventPayload, Settings } from '../../src-shared/ipc/contract';
import { startCoreHost, type CoreHost } from '../host/core-host';
import { createFrontHandlers } from '../host/front-handlers';
import { showAtRiskCount, showTicketNotification } from './alerts';
import { menuTemplate } from './app-menu';
import { DEEP_LINK_SCHEME, ticketKeyFromArgv, ticketKeyFromDeepLink } from './deep-links';
import { sendEvent, wireContract } from './ipc-wiring';
import { createMainWindow } from './main-window';
import { hardenSession, hardenWebContents, registerAppScheme, serveRenderer } from './security';
import { SafeStorageVault } from './session-vault';
import { ElectronSettings } from './settings-store';

const DOCS_URL = 'https://www.estos.de/service/support';

/**
 * The desktop shell: single instance, hardened window on app://support-desk, the core in a worker thread
 * behind the sender-checked IPC contract, settings in electron-store, the session in safeStorage, OS
 * notifications, an at-risk badge, estos-support:// deep links and the application menu.
 */
export function startShell(): void {
  // npm start passes its own folder so the demo never mixes with a real installation's data.
  if (process.env.SUPPORT_DESK_DATA_DIR) app.setPath('userData', process.env.SUPPORT_DESK_DATA_DIR);
  registerAppScheme();
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  if (!app.isDefaultProtocolClient(DEEP_LINK_SCHEME)) app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME);

  const openExternal = (url: string) => void shell.openExternal(url);
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, openExternal));

  let win: BrowserWindow | null = null;
  let host: CoreHost | null = null;
  let tray: Tray | null = null;
  let pendingKey = ticketKeyFromArgv(process.argv);
  const trusted = new Set<number>();

  const openTicket = (key: string) => {
    if (!win || !host) {
      pendingKey = key;
      return;
    }
    if (win.isMinimized()) win.restore();
    win.focus();
    host.emitFront('ticket.open', { key });
  };
  app.on('second-instance', (_event, argv) => {
    const key = ticketKeyFromArgv(argv);
    if (key) openTicket(key);
    else if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });
  app.on('open-url', (event, url) => {
    event.preventDefault();
    const key = ticketKeyFromDeepLink(url);
    if (key) openTicket(key);
  });

  void app.whenReady().then(async () => {
    const userData = app.getPath('userData');
    hardenSession(session.defaultSession);
    serveRenderer(session.defaultSession, join(__dirname, '../renderer'));
    const settings = new ElectronSettings();
    const vault = new SafeStorageVault(join(userData, 'session.bin'), safeStorage);
    let current: Settings = settings.get();

    host = await startCoreHost({
      dataDir: userData,
      appRoot: app.getAppPath(),
      vault,
      front: createFrontHandlers({
        settings,
        openExternal: (url) => shell.openExternal(url),
        emit: (name, payload) => {
          if (name === 'settings.changed') current = payload as Settings;
          host?.emitFront(name, payload);
        },
      }),
      log: (msg, ctx) => console.error(`[shell] ${msg}`, ctx ?? ''),
      onSignal: (signal) => {
        if (signal.kind === 'badge') showAtRiskCount(signal.atRisk, tray, win, current.language);
        else if (signal.kind === 'notify') showTicketNotification(signal, current, openTicket);
        else
          void dialog.showMessageBox({
            type: 'warning',
            title: 'Support Desk',
            message: current.language === 'de' ? 'Anmeldung wird nicht gespeichert' : 'Sign-in not saved',
            detail:
              current.language === 'de'
                ? 'Dieses System bietet keinen sicheren Schlüsselspeicher (nur Klartext). Die Anmeldung gilt bis zum Beenden; beim nächsten Start bitte erneut anmelden.'
                : 'This system offers no secure key store (plain text only). You stay signed in until you quit; please sign in again next time.',
          });
      },
    });

    win = createMainWindow(join(__dirname, '../preload'), settings.windowState(), (s) => settings.setWindowState(s));
    trusted.add(win.webContents.id);
    wireContract(host.dispatch, trusted);
    host.subscribe((name, payload) => {
      if (win && !win.isDestroyed()) sendEvent(win.webContents, name, payload as EventPayload<EventName>);
    });
    win.on('closed', () => {
      trusted.clear();
      win = null;
    });

    const signedIn = await host.restore();
    const demo = process.env.SUPPORT_DESK_DEMO_EMAIL && process.env.SUPPORT_DESK_DEMO_PASSWORD && process.env.SUPPORT_DESK_SERVER_URL;
    if (!signedIn && demo) {
      const r = await host.dispatch('auth.signIn', {
        serverUrl: process.env.SUPPORT_DESK_SERVER_URL,
        email: process.env.SUPPORT_DESK_DEMO_EMAIL,
        password: process.env.SUPPORT_DESK_DEMO_PASSWORD,
      });
      if (!r.ok) console.error(`[shell] demo sign-in failed: ${r.error.code}`);
    }

    const core = host;
    Menu.setApplicationMenu(
      Menu.buildFromTemplate(
        menuTemplate({
          syncNow: () => void core.dispatch('sync.now', {}),
          signOut: () => void core.dispatch('auth.signOut', {}),
          openDocs: () => openExternal(DOCS_URL),
          isDev: !app.isPackaged,
        }),
      ),
    );
    const trayIcon = app.isPackaged ? join(process.resourcesPath, 'tray.png') : join(app.getAppPath(), 'resources', 'tray.png');
    tray = new Tray(nativeImage.createFromPath(trayIcon));
    tray.setToolTip('Support Desk');
    tray.on('click', () => win?.focus());

    if (pendingKey) {
      const key = pendingKey;
      pendingKey = null;
      win.webContents.once('did-finish-load', () => openTicket(key));
    }
  });

  let quitting = false;
  app.on('before-quit', (event) => {
    if (quitting || !host) return;
    quitting = true;
    event.preventDefault();
    void host.close().finally(() => app.quit());
  });
  app.on('window-all-closed', () => app.quit());
}
