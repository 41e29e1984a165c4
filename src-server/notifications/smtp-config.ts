import { z } from 'zod';
import { DomainError } from '../../src-shared/errors';

/**
 * `--smtp smtp://host:port` (or `smtps://` for implicit TLS, optional `user:password@`). Parsed once at start;
 * a bad value stops the service with a clear message instead of failing every delivery later.
 */
export interface SmtpConfig {
  readonly host: string;
  readonly port: number;
  /** Implicit TLS (smtps://, usually port 465). With smtp:// nodemailer still upgrades via STARTTLS when offered. */
  readonly secure: boolean;
  readonly auth: { readonly user: string; readonly pass: string } | null;
  readonly from: string;
}

export const DEFAULT_FROM = 'estos Support <support-noreply@estos.de>';

const portSchema = z.coerce.number().int().min(1).max(65_535);

export function parseSmtpUrl(raw: string, from: string = DEFAULT_FROM): SmtpConfig {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new DomainError('VALIDATION_FAILED', '--smtp must be a URL like smtp://host:port');
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') {
    throw new DomainError('VALIDATION_FAILED', `--smtp must use smtp:// or smtps://, not ${url.protocol}//`);
  }
  const secure = url.protocol === 'smtps:';
  if (url.hostname === '') throw new DomainError('VALIDATION_FAILED', '--smtp needs a host');
  const port = portSchema.safeParse(url.port === '' ? (secure ? 465 : 25) : url.port);
  if (!port.success) throw new DomainError('VALIDATION_FAILED', '--smtp port must be 1–65535');
  if (url.pathname !== '' && url.pathname !== '/') {
    throw new DomainError('VALIDATION_FAILED', '--smtp takes no path');
  }
  const user = decodeURIComponent(url.username);
  const pass = decodeURIComponent(url.password);
  return {
    // URL keeps IPv6 literals bracketed; sockets want them bare.
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: port.data,
    secure,
    auth: user === '' ? null : { user, pass },
    from,
  };
}

/** For logs: never print the password. */
export function describeSmtp(config: SmtpConfig): string {
  const scheme = config.secure ? 'smtps' : 'smtp';
  const who = config.auth ? `${config.auth.user}:***@` : '';
  return `${scheme}://${who}${config.host}:${config.port}`;
}
