import type { Tx } from '../storage/store';
import type { SeedTicket } from './tickets';
import type { SeedContract, SeedEndUserCompany, SeedOrganization, SeedUser } from './world';

/**
 * Inserts for seeded rows. Every entity row goes through tx.write, so each gets its sync_changes entry in the
 * same transaction (agent caches bootstrap the demo data like any other data). Statements are constant
 * strings, so the store's prepared-statement cache turns the bulk load into prepared-statement reuse.
 */
const iso = (ms: number) => new Date(ms).toISOString();
const isoOrNull = (ms: number | null) => (ms === null ? null : iso(ms));

export async function writeOrganization(tx: Tx, o: SeedOrganization): Promise<void> {
  await tx.write(
    { entity: 'organization', entityId: o.id, op: 'upsert' },
    'INSERT INTO organizations (id, name, kind, registered_end_user, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
    [o.id, o.name, o.kind, o.registeredEndUser ? 1 : 0, iso(o.createdAt), iso(o.createdAt)],
  );
}

export async function writeEndUserCompany(tx: Tx, e: SeedEndUserCompany): Promise<void> {
  await tx.write(
    { entity: 'end_user_company', entityId: e.id, op: 'upsert' },
    'INSERT INTO end_user_companies (id, partner_organization_id, name, registered, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
    [e.id, e.partnerOrganizationId, e.name, e.registered ? 1 : 0, iso(e.createdAt), iso(e.createdAt)],
  );
}

export async function writeUser(tx: Tx, u: SeedUser, passwordHash: string | null): Promise<void> {
  await tx.write(
    { entity: 'user', entityId: u.id, op: 'upsert' },
    `INSERT INTO users (id, email, name, role, organization_id, org_admin, language, password_hash, active, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`,
    [u.id, u.email, u.name, u.role, u.organizationId, u.orgAdmin ? 1 : 0, u.language, passwordHash, iso(u.createdAt), iso(u.createdAt)],
  );
}

export async function writeContract(tx: Tx, c: SeedContract): Promise<void> {
  await tx.write(
    { entity: 'sla_contract', entityId: c.id, op: 'upsert' },
    `INSERT INTO sla_contracts (id, organization_id, contract_number, tier, valid_from, valid_until, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    [c.id, c.organizationId, c.contractNumber, c.tier, iso(c.validFrom), isoOrNull(c.validUntil), iso(c.validFrom), iso(c.validFrom)],
  );
}

const TICKET_SQL = `INSERT INTO tickets (id, seq, key, title, description, checklist_json, product, product_version, category,
  severity, reporter_id, organization_id, reporter_role, end_user_company_json, reporter_org_registered, visibility,
  sla_contract_number, impact, linked_to_ticket_id, assignee_id, escalation_id, misconfiguration, status,
  status_changed_at, created_at, updated_at, last_customer_activity_at, priority_key)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

export async function writeTicket(tx: Tx, t: SeedTicket, priorityKey: string | null): Promise<void> {
  await tx.write({ entity: 'ticket', entityId: t.id, op: 'upsert' }, TICKET_SQL, [
    t.id, t.seq, t.key, t.title, t.description, JSON.stringify(t.checklist), t.product, t.productVersion, t.category,
    t.severity, t.reporter.id, t.organization.id, t.reporter.role,
    t.endUserCompany === null ? null : JSON.stringify(t.endUserCompany), t.organization.registeredEndUser ? 1 : 0,
    t.visibility, t.slaContractNumber,
    // Impact only means something on an outage/known problem; masters get theirs once all linked tickets exist.
    0, t.linkedToTicketId, t.assigneeId, t.escalation?.id ?? null, t.misconfiguration ? 1 : 0, t.status,
    iso(t.statusChangedAt), iso(t.createdAt), iso(t.updatedAt), isoOrNull(t.lastCustomerActivityAt), priorityKey,
  ]);
  for (const p of t.participants) {
    const email = p.email.toLowerCase();
    await tx.write(
      { entity: 'participant', entityId: `${t.id}:${email}`, op: 'upsert' },
      'INSERT INTO ticket_participants (ticket_id, email, added_by, added_at) VALUES (?, ?, ?, ?)',
      [t.id, email, t.reporter.id, iso(p.addedAt)],
    );
  }
  for (const c of t.comments) {
    await tx.write(
      { entity: 'comment', entityId: c.id, op: 'upsert' },
      'INSERT INTO comments (id, ticket_id, author_id, body, internal, created_at) VALUES (?, ?, ?, ?, ?, ?)',
      [c.id, t.id, c.authorId, c.body, c.internal ? 1 : 0, iso(c.at)],
    );
  }
  for (const h of t.history) {
    const user = h.actor.kind === 'user' ? h.actor.user : null;
    await tx.write(
      { entity: 'history', entityId: h.id, op: 'upsert' },
      `INSERT INTO ticket_history (id, ticket_id, actor_kind, actor_id, actor_role, field, from_value, to_value, internal, at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [h.id, t.id, h.actor.kind, user?.id ?? null, user?.role ?? null, h.field, h.from, h.to, h.internal ? 1 : 0, iso(h.at)],
    );
  }
  const e = t.escalation;
  if (e) {
    await tx.write(
      { entity: 'escalation', entityId: e.id, op: 'upsert' },
      `INSERT INTO escalations (id, ticket_id, requested_by, reason, state, owner_id, proposed_slots_json, chosen_slot,
         meeting_link, outcome_notes, next_steps, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [e.id, t.id, e.requestedBy.id, e.reason, e.state, e.owner?.id ?? null, JSON.stringify(e.proposedSlots.map(iso)),
        isoOrNull(e.chosenSlot), e.meetingLink, e.outcomeNotes, e.nextSteps, iso(e.createdAt), iso(e.updatedAt)],
    );
  }
}
