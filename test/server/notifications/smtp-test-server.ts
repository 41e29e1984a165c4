import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';

/** A message the local test SMTP server accepted. */
export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
}

/**
 * A real SMTP server on 127.0.0.1 (smtp-server package) that records what it receives. `failNext` makes the
 * server reject the next N messages with a 4xx reply, which is how a real server says "try again later".
 */
export class LocalSmtpServer {
  readonly received: ReceivedMail[] = [];
  failNext = 0;
  private server: SMTPServer | null = null;
  port = 0;

  async start(port = 0): Promise<number> {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          if (this.failNext > 0) {
            this.failNext -= 1;
            const err = Object.assign(new Error('try again later'), { responseCode: 451 });
            callback(err);
            return;
          }
          const mailFrom = session.envelope.mailFrom;
          this.received.push({
            from: mailFrom === false ? '' : mailFrom.address,
            to: session.envelope.rcptTo.map((r) => r.address),
            raw: Buffer.concat(chunks).toString('utf8'),
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.port = (server.server.address() as AddressInfo).port;
    return this.port;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/** Decodes a quoted-printable / plain text body enough to search it for expected phrases. */
export function decodeBody(raw: string): string {
  const sep = raw.indexOf('\r\n\r\n');
  const headers = raw.slice(0, sep);
  let body = raw.slice(sep + 4);
  if (/content-transfer-encoding:\s*quoted-printable/i.test(headers)) {
    body = body.replace(/=\r\n/g, '');
    const bytes: number[] = [];
    for (let i = 0; i < body.length; i++) {
      const m = /^=([0-9A-F]{2})/.exec(body.slice(i, i + 3));
      if (m) {
        bytes.push(parseInt(m[1]!, 16));
        i += 2;
      } else {
        bytes.push(...Buffer.from(body[i]!, 'utf8'));
      }
    }
    body = Buffer.from(bytes).toString('utf8');
  } else if (/content-transfer-encoding:\s*base64/i.test(headers)) {
    body = Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  }
  return body;
}

/** The decoded Subject header (nodemailer encodes non-ASCII subjects as RFC 2047 words). */
export function decodeSubject(raw: string): string {
  const sep = raw.indexOf('\r\n\r\n');
  const headers = raw.slice(0, sep).replace(/\r\n[ \t]+/g, ' ');
  const line = /^subject: (.*)$/im.exec(headers)?.[1] ?? '';
  return line
    .replace(/=\?utf-8\?([QB])\?([^?]*)\?=\s*/gi, (_all, enc: string, text: string) =>
      enc.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('utf8')
        : Buffer.from(
            text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))),
            'latin1',
          ).toString('utf8'),
    )
    .trim();
}
