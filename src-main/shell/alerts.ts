import { app, Notification, type BrowserWindow, type Tray } from 'electron';
import type { Settings } from '../../src-shared/ipc/contract';
import type { HostSignalMessage } from '../host/host-protocol';

type Notify = Extract<HostSignalMessage, { kind: 'notify' }>;

const TEXT: Record<Settings['language'], Record<Notify['reason'], string>> = {
  de: { sla_at_risk: 'SLA gefährdet', sla_breached: 'SLA verletzt', assigned_to_me: 'Mir zugewiesen' },
  en: { sla_at_risk: 'SLA at risk', sla_breached: 'SLA breached', assigned_to_me: 'Assigned to me' },
};

const PREF: Record<Notify['reason'], keyof Settings['notifications']> = {
  sla_at_risk: 'slaAtRisk',
  sla_breached: 'slaBreached',
  assigned_to_me: 'assignedToMe',
};

/** Whether the agent wants this notification (settings → notifications). */
export function wantsNotification(signal: Notify, settings: Settings): boolean {
  return settings.notifications[PREF[signal.reason]];
}

/** OS notification for my tickets; clicking it brings the window up on that ticket. */
export function showTicketNotification(signal: Notify, settings: Settings, openTicket: (key: string) => void): Notification | null {
  if (!wantsNotification(signal, settings) || !Notification.isSupported()) return null;
  const n = new Notification({ title: `${TEXT[settings.language][signal.reason]}: ${signal.ticketKey}`, body: signal.title, silent: false });
  n.on('click', () => openTicket(signal.ticketKey));
  n.show();
  return n;
}

/** Dock/taskbar badge (macOS, Linux Unity) and tray tooltip with the count of my at-risk tickets. */
export function showAtRiskCount(count: number, tray: Tray | null, win: BrowserWindow | null, language: Settings['language']): void {
  app.setBadgeCount(count);
  const label = language === 'de' ? `Support Desk: ${count} gefährdet` : `Support Desk: ${count} at risk`;
  tray?.setToolTip(label);
  if (process.platform === 'darwin') tray?.setTitle(count > 0 ? String(count) : '');
  if (win && !win.isDestroyed()) win.setTitle(count > 0 ? `Support Desk (${count})` : 'Support Desk');
}
