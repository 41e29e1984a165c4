import { type Actor, UserRoleSchema } from '../../../src-shared/domain/ticket';
import { DomainError } from '../../../src-shared/errors';

/** ticket_history stores the actor flat (kind, id, role); the wire carries the ActorSchema union. */
export function actorFromColumns(kind: string, id: string | null, role: string | null, context: string): Actor {
  if (kind === 'system') return { kind: 'system' };
  const parsedRole = UserRoleSchema.safeParse(role);
  if (kind !== 'user' || !id || !parsedRole.success) {
    throw new DomainError('INTERNAL', `stored actor of ${context} is malformed`, { context });
  }
  return { kind: 'user', userId: id, role: parsedRole.data };
}
