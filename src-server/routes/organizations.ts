import { z } from 'zod';
import { isoInstant } from '../../src-shared/domain/ticket';
import { DomainError } from '../../src-shared/errors';
import { createAccount } from '../accounts/account-service';
import { type AuthUser, publicUser } from '../accounts/auth-user';
import type { ServiceContext } from '../core/context';
import type { RouteRegistry } from '../http/routes';
import { IdParams } from '../http/validation';
import {
  appendAudit,
  type EndUserCompanyRow,
  findOrganizationByName,
  getOrganization,
  insertEndUserCompany,
  insertOrganization,
  listEndUserCompanies,
  listOrganizationMembers,
  listOrganizations,
  type OrganizationRow,
} from '../storage/repositories/accounts';
import {
  deleteSlaContract,
  findSlaContractByNumber,
  getSlaContract,
  insertSlaContract,
  listSlaContracts,
  type SlaContractRow,
  updateSlaContract,
} from '../storage/repositories/contracts';
import type { Tx } from '../storage/store';
import { normalizeContractNumber } from '../../src-shared/domain/sla-config';
import {
  EmailSchema,
  EndUserCompanySchema,
  IssuedAccountSchema,
  LanguageSchema,
  OrganizationSchema,
  PublicUserSchema,
  SlaContractSchema,
} from './schemas';

const STAFF = ['agent', 'team_lead', 'admin'] as const;

const orgView = (o: OrganizationRow) => ({ id: o.id, name: o.name, kind: o.kind, registeredEndUser: o.registered_end_user === 1, createdAt: o.created_at });
const companyView = (c: EndUserCompanyRow) => ({ id: c.id, partnerOrganizationId: c.partner_organization_id, name: c.name, registered: c.registered === 1 });
const contractView = (c: SlaContractRow) => ({
  id: c.id,
  organizationId: c.organization_id,
  contractNumber: c.contract_number,
  tier: c.tier,
  validFrom: c.valid_from,
  validUntil: c.valid_until,
});

/** Staff see every organisation; others only their own (same NOT_FOUND for foreign and missing ones). */
async function visibleOrganization(tx: Tx, user: AuthUser, id: string): Promise<OrganizationRow> {
  const org = await getOrganization(tx, id);
  if (!org || (!user.staff && user.organizationId !== id)) throw new DomainError('NOT_FOUND', `no organization ${id}`);
  return org;
}

export function organizationRoutes(routes: RouteRegistry, ctx: ServiceContext): void {
  routes.add({
    method: 'GET',
    url: '/api/v1/organizations',
    summary: 'All organisations (staff)',
    tags: ['organizations'],
    auth: STAFF,
    response: z.strictObject({ items: z.array(OrganizationSchema) }),
    handler: async () => ({ items: (await ctx.store.read((tx) => listOrganizations(tx))).map(orgView) }),
  });

  routes.add({
    method: 'POST',
    url: '/api/v1/organizations',
    summary: 'Create an organisation (admin)',
    tags: ['organizations'],
    auth: ['admin'],
    status: 201,
    body: z.strictObject({ name: z.string().trim().min(1).max(200), kind: z.enum(['customer', 'partner']), registeredEndUser: z.boolean().default(false) }),
    response: OrganizationSchema,
    handler: async ({ body, user }) =>
      ctx.store.transaction(async (tx) => {
        if (await findOrganizationByName(tx, body.name)) throw new DomainError('CONFLICT', 'an organisation with this name exists');
        const org = await insertOrganization(tx, body);
        await appendAudit(tx, { actorId: user.id, action: 'organization.created', targetType: 'organization', targetId: org.id });
        return orgView(org);
      }),
  });

  routes.add({
    method: 'GET',
    url: '/api/v1/organizations/:id',
    summary: 'One organisation (staff, or its members)',
    tags: ['organizations'],
    auth: 'user',
    params: IdParams,
    response: OrganizationSchema,
    handler: async ({ user, params }) => orgView(await ctx.store.read((tx) => visibleOrganization(tx, user, params.id))),
  });

  routes.add({
    method: 'GET',
    url: '/api/v1/organizations/:id/members',
    summary: 'Contacts of an organisation (staff, or its members)',
    tags: ['organizations'],
    auth: 'user',
    params: IdParams,
    response: z.strictObject({ items: z.array(PublicUserSchema) }),
    handler: async ({ user, params }) =>
      ctx.store.read(async (tx) => {
        await visibleOrganization(tx, user, params.id);
        return { items: (await listOrganizationMembers(tx, params.id)).map(publicUser) };
      }),
  });

  routes.add({
    method: 'POST',
    url: '/api/v1/organizations/:id/members',
    summary: 'Add a further contact of the same organisation (organisation admin or estos admin)',
    tags: ['organizations'],
    auth: ['customer', 'partner', 'admin'],
    params: IdParams,
    status: 201,
    body: z.strictObject({
      email: EmailSchema,
      name: z.string().trim().min(1).max(200),
      language: LanguageSchema.default('de'),
      orgAdmin: z.boolean().default(false),
    }),
    response: IssuedAccountSchema,
    handler: async ({ user, params, body }) => {
      const org = await ctx.store.read((tx) => visibleOrganization(tx, user, params.id));
      if (user.role !== 'admin' && !(user.orgAdmin && user.organizationId === org.id)) {
        throw new DomainError('FORBIDDEN', 'only an admin of this organisation may add contacts');
      }
      if (org.kind === 'estos') throw new DomainError('VALIDATION_FAILED', 'staff accounts are created with POST /api/v1/users');
      return createAccount(ctx, user, { ...body, role: org.kind === 'partner' ? 'partner' : 'customer', organizationId: org.id });
    },
  });

  routes.add({
    method: 'POST',
    url: '/api/v1/users',
    summary: 'Create an estos staff account (admin)',
    tags: ['organizations'],
    auth: ['admin'],
    status: 201,
    body: z.strictObject({
      email: EmailSchema,
      name: z.string().trim().min(1).max(200),
      role: z.enum(['agent', 'team_lead', 'admin']),
      language: LanguageSchema.default('de'),
    }),
    response: IssuedAccountSchema,
    handler: async ({ user, body }) => createAccount(ctx, user, { ...body, organizationId: user.organizationId, orgAdmin: false }),
  });

  routes.add({
    method: 'GET',
    url: '/api/v1/organizations/:id/end-user-companies',
    summary: 'End-user companies a partner files for (staff, or the partner’s members)',
    tags: ['organizations'],
    auth: 'user',
    params: IdParams,
    response: z.strictObject({ items: z.array(EndUserCompanySchema) }),
    handler: async ({ user, params }) =>
      ctx.store.read(async (tx) => {
        await visibleOrganization(tx, user, params.id);
        return { items: (await listEndUserCompanies(tx, params.id)).map(companyView) };
      }),
  });

  routes.add({
    method: 'POST',
    url: '/api/v1/organizations/:id/end-user-companies',
    summary: 'Add an end-user company to a partner (partner members: unregistered; staff may mark it registered)',
    tags: ['organizations'],
    auth: ['partner', 'agent', 'team_lead', 'admin'],
    params: IdParams,
    status: 201,
    body: z.strictObject({ name: z.string().trim().min(1).max(200), registered: z.boolean().default(false) }),
    response: EndUserCompanySchema,
    handler: async ({ user, params, body }) =>
      ctx.store.transaction(async (tx) => {
        const org = await visibleOrganization(tx, user, params.id);
        if (org.kind !== 'partner') throw new DomainError('VALIDATION_FAILED', 'only partner organisations have end-user companies');
        if (body.registered && !user.staff) throw new DomainError('FORBIDDEN', 'only estos records a registration');
        const c = await insertEndUserCompany(tx, { partnerOrganizationId: org.id, name: body.name, registered: body.registered });
        await appendAudit(tx, { actorId: user.id, action: 'end_user_company.created', targetType: 'end_user_company', targetId: c.id });
        return companyView(c);
      }),
  });

  routes.add({
    method: 'GET',
    url: '/api/v1/organizations/:id/sla-contracts',
    summary: 'SLA contracts of an organisation (staff, or its members)',
    tags: ['sla'],
    auth: 'user',
    params: IdParams,
    response: z.strictObject({ items: z.array(SlaContractSchema) }),
    handler: async ({ user, params }) =>
      ctx.store.read(async (tx) => {
        await visibleOrganization(tx, user, params.id);
        return { items: (await listSlaContracts(tx, params.id)).map(contractView) };
      }),
  });

  const tierSchema = z.string().refine((t) => t in ctx.config.slaTiers, { message: 'unknown SLA tier' });

  routes.add({
    method: 'POST',
    url: '/api/v1/organizations/:id/sla-contracts',
    summary: 'Add an SLA contract (admin, audited)',
    tags: ['sla'],
    auth: ['admin'],
    params: IdParams,
    status: 201,
    body: z
      .strictObject({ contractNumber: z.string().trim().min(1).max(60), tier: tierSchema, validFrom: isoInstant, validUntil: isoInstant.nullable().default(null) })
      .refine((b) => b.validUntil === null || Date.parse(b.validUntil) > Date.parse(b.validFrom), 'validUntil must be after validFrom'),
    response: SlaContractSchema,
    handler: async ({ user, params, body }) =>
      ctx.store.transaction(async (tx) => {
        await visibleOrganization(tx, user, params.id);
        const contractNumber = normalizeContractNumber(body.contractNumber);
        if (await findSlaContractByNumber(tx, contractNumber)) throw new DomainError('CONFLICT', 'contract number already exists');
        const c = await insertSlaContract(tx, { organizationId: params.id, contractNumber, tier: body.tier, validFrom: body.validFrom, validUntil: body.validUntil });
        await appendAudit(tx, { actorId: user.id, action: 'sla_contract.created', targetType: 'sla_contract', targetId: c.id, details: { contractNumber } });
        return contractView(c);
      }),
  });

  routes.add({
    method: 'PATCH',
    url: '/api/v1/sla-contracts/:id',
    summary: 'Change an SLA contract’s tier or validity (admin, audited)',
    tags: ['sla'],
    auth: ['admin'],
    params: IdParams,
    body: z
      .strictObject({ tier: tierSchema.optional(), validFrom: isoInstant.optional(), validUntil: isoInstant.nullable().optional() })
      .refine((b) => Object.keys(b).length > 0, 'give at least one field'),
    response: SlaContractSchema,
    handler: async ({ user, params, body }) =>
      ctx.store.transaction(async (tx) => {
        const current = await getSlaContract(tx, params.id);
        if (!current) throw new DomainError('NOT_FOUND', `no SLA contract ${params.id}`);
        const from = body.validFrom ?? current.valid_from;
        const until = body.validUntil === undefined ? current.valid_until : body.validUntil;
        if (until !== null && Date.parse(until) <= Date.parse(from)) throw new DomainError('VALIDATION_FAILED', 'validUntil must be after validFrom');
        await updateSlaContract(tx, params.id, body);
        await appendAudit(tx, { actorId: user.id, action: 'sla_contract.updated', targetType: 'sla_contract', targetId: params.id, details: body });
        return contractView((await getSlaContract(tx, params.id))!);
      }),
  });

  routes.add({
    method: 'DELETE',
    url: '/api/v1/sla-contracts/:id',
    summary: 'Delete an SLA contract (admin, audited)',
    tags: ['sla'],
    auth: ['admin'],
    params: IdParams,
    handler: async ({ user, params }) => {
      await ctx.store.transaction(async (tx) => {
        const current = await getSlaContract(tx, params.id);
        if (!current) throw new DomainError('NOT_FOUND', `no SLA contract ${params.id}`);
        await deleteSlaContract(tx, params.id);
        await appendAudit(tx, { actorId: user.id, action: 'sla_contract.deleted', targetType: 'sla_contract', targetId: params.id, details: { contractNumber: current.contract_number } });
      });
    },
  });
}
