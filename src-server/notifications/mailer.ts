import nodemailer from 'nodemailer';
import type { SmtpConfig } from './smtp-config';

export interface OutgoingMail {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  /** Stable per outbox row, so a receiving system (or a human) can spot a duplicate after an uncertain send. */
  readonly messageId: string;
}

/** What the delivery worker needs of a mail transport; tests use the real SMTP one against a local server. */
export interface Mailer {
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

// Bounded waits: a hanging mail server must not hold a claimed row (and the worker loop) for minutes.
const CONNECTION_TIMEOUT_MS = 10_000;
const SOCKET_TIMEOUT_MS = 30_000;

export function createSmtpMailer(config: SmtpConfig): Mailer {
  const transport = nodemailer.createTransport({
    host: config.host,
    port: config.port,
    secure: config.secure,
    ...(config.auth ? { auth: { user: config.auth.user, pass: config.auth.pass } } : {}),
    connectionTimeout: CONNECTION_TIMEOUT_MS,
    greetingTimeout: CONNECTION_TIMEOUT_MS,
    socketTimeout: SOCKET_TIMEOUT_MS,
  });
  return {
    async send(mail) {
      await transport.sendMail({
        from: config.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        messageId: mail.messageId,
        headers: { 'Auto-Submitted': 'auto-generated' },
      });
    },
    close() {
      transport.close();
    },
  };
}
