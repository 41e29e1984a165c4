import { TicketKeySchema } from '../../src-shared/domain/ticket';

export const DEEP_LINK_SCHEME = 'estos-support';

/** `estos-support://ticket/PS-10234` → "PS-10234"; anything else (other hosts, paths, bad keys) → null. */
export function ticketKeyFromDeepLink(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== `${DEEP_LINK_SCHEME}:` || url.hostname !== 'ticket') return null;
  const key = decodeURIComponent(url.pathname.replace(/^\/+|\/+$/g, '')).toUpperCase();
  return TicketKeySchema.safeParse(key).success ? key : null;
}

/** On Windows/Linux the link arrives as a command-line argument (first start or second instance). */
export function ticketKeyFromArgv(argv: readonly string[]): string | null {
  for (const arg of argv) {
    if (!arg.startsWith(`${DEEP_LINK_SCHEME}:`)) continue;
    const key = ticketKeyFromDeepLink(arg);
    if (key) return key;
  }
  return null;
}
