import { z } from 'zod';
import { isoInstant, UserRoleSchema } from '../../src-shared/domain/ticket';

export const LanguageSchema = z.enum(['de', 'en']);
export const EmailSchema = z.email().max(254);
export const PasswordSchema = z.string().min(10, 'at least 10 characters').max(200);

export const PublicUserSchema = z.strictObject({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: UserRoleSchema,
  organizationId: z.string().nullable(),
  orgAdmin: z.boolean(),
  language: LanguageSchema,
});

export const IssuedAccountSchema = z.strictObject({
  user: PublicUserSchema,
  setPasswordToken: z.string(),
  expiresAt: isoInstant,
});

export const OrganizationSchema = z.strictObject({
  id: z.string(),
  name: z.string(),
  kind: z.enum(['customer', 'partner', 'estos']),
  registeredEndUser: z.boolean(),
  createdAt: isoInstant,
});

export const EndUserCompanySchema = z.strictObject({
  id: z.string(),
  partnerOrganizationId: z.string(),
  name: z.string(),
  registered: z.boolean(),
});

export const SlaContractSchema = z.strictObject({
  id: z.string(),
  organizationId: z.string(),
  contractNumber: z.string(),
  tier: z.string(),
  validFrom: isoInstant,
  validUntil: isoInstant.nullable(),
});

export const AccessRequestSchema = z.strictObject({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  company: z.string(),
  reason: z.string(),
  language: LanguageSchema,
  status: z.enum(['pending', 'approved', 'rejected']),
  decidedBy: z.string().nullable(),
  decidedAt: isoInstant.nullable(),
  decisionNote: z.string().nullable(),
  userId: z.string().nullable(),
  createdAt: isoInstant,
});
