import { createHash } from 'node:crypto';
import { DomainError } from '../../src-shared/errors';

/**
 * The cache file for one (server, account). One file per pair keeps two accounts, or the same account on a
 * test and a production server, from ever mixing rows or replaying each other's outbox.
 *
 * The name is derived, never taken from user input verbatim: a readable host prefix restricted to
 * [a-z0-9.-] plus a hash of the normalised origin+path and the user id, so no URL or id can produce
 * "../", a drive letter, a reserved device name or an over-long file name.
 */
export function cacheFileName(serverUrl: string, userId: string): string {
  let url: URL;
  try {
    url = new URL(serverUrl);
  } catch {
    throw new DomainError('VALIDATION_FAILED', 'server URL is not a valid absolute URL', { serverUrl });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new DomainError('VALIDATION_FAILED', 'server URL must use http or https', { protocol: url.protocol });
  }
  if (userId.length === 0) throw new DomainError('VALIDATION_FAILED', 'user id must not be empty');
  // URL normalises case of scheme/host and drops default ports; trailing slashes and query/hash are not identity.
  const path = url.pathname.replace(/\/+$/, '');
  const identity = `${url.protocol}//${url.host}${path}\n${userId}`;
  const hash = createHash('sha256').update(identity).digest('hex').slice(0, 32);
  const host = url.hostname.toLowerCase().replace(/[^a-z0-9.-]/g, '_').replace(/^\.+/, '').slice(0, 60) || 'server';
  return `${host}-${hash}.sqlite`;
}
