import { DomainError } from '../../src-shared/errors';
import { type AuthUser, viewerOf } from '../accounts/auth-user';
import { canView, getTicket, getTicketByKey, type TicketRow } from '../storage/repositories/tickets';
import type { Tx } from '../storage/store';

const KEY = /^PS-\d{1,9}$/;

/**
 * Loads a ticket the caller may see, by id or key. Invisible and missing tickets get the same NOT_FOUND, so a
 * customer cannot learn that another organisation's ticket exists.
 */
export async function visibleTicket(tx: Tx, user: AuthUser, idOrKey: string): Promise<TicketRow> {
  const row = KEY.test(idOrKey) ? await getTicketByKey(tx, idOrKey) : await getTicket(tx, idOrKey);
  if (!row || !(await canView(tx, viewerOf(user), row.id))) throw new DomainError('NOT_FOUND', `no ticket ${idOrKey}`);
  return row;
}

export function requireStaff(user: AuthUser, what: string): void {
  if (!user.staff) throw new DomainError('FORBIDDEN', `only estos staff may ${what}`);
}

/** Who may manage a ticket's participants: staff, the reporter, or an admin of the reporter's organisation. */
export function canManageParticipants(user: AuthUser, ticket: TicketRow): boolean {
  return user.staff || user.id === ticket.reporter_id || (user.orgAdmin && user.organizationId === ticket.organization_id);
}
