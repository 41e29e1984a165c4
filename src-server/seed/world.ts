import type { UserRole } from '../../src-shared/domain/ticket';
import { DAY_MS } from '../../src-shared/time/zoned';
import type { Lang } from './catalog';
import { CITIES, COMPANY_STEMS, COMPANY_TRADES, FIRST_NAMES, LAST_NAMES, LEGAL_FORMS, PARTNER_TRADES, slug } from './names';
import { Rng } from './prng';

/** Everyone and everything tickets refer to: organisations, people, contracts, end-user companies. */
export interface SeedUser {
  id: string;
  email: string;
  name: string;
  firstName: string;
  role: UserRole;
  organizationId: string | null;
  orgAdmin: boolean;
  language: Lang;
  /** Only the demo accounts can log in; everybody else has no password (no hashing cost, no guessable logins). */
  password: string | null;
  createdAt: number;
}

export interface SeedContract {
  id: string;
  organizationId: string;
  contractNumber: string;
  tier: 'basic' | 'premium' | 'premiumPlus';
  validFrom: number;
  validUntil: number | null;
}

export interface SeedEndUserCompany {
  id: string;
  partnerOrganizationId: string;
  name: string;
  registered: boolean;
  createdAt: number;
}

export interface SeedOrganization {
  id: string;
  name: string;
  kind: 'customer' | 'partner' | 'estos';
  registeredEndUser: boolean;
  createdAt: number;
  users: SeedUser[];
  contracts: SeedContract[];
  endUserCompanies: SeedEndUserCompany[];
}

export interface SeedWorld {
  estos: SeedOrganization;
  customers: SeedOrganization[];
  partners: SeedOrganization[];
  admins: SeedUser[];
  leads: SeedUser[];
  agents: SeedUser[];
  demoCustomerOrg: SeedOrganization;
  demoPartnerOrg: SeedOrganization;
}

/** The fixed demo logins (docs/demo-data.md lists them; README copies that list). */
export const DEMO_ACCOUNTS = [
  { key: 'admin', email: 'admin@demo.estos.de', password: 'demo-admin-1', role: 'admin', name: 'Alex Admin', language: 'de' },
  { key: 'lead', email: 'lead@demo.estos.de', password: 'demo-lead-1', role: 'team_lead', name: 'Lea Lead', language: 'de' },
  { key: 'agent', email: 'agent@demo.estos.de', password: 'demo-agent-1', role: 'agent', name: 'Arne Agent', language: 'de' },
  { key: 'agentEn', email: 'agent.en@demo.estos.de', password: 'demo-agent-2', role: 'agent', name: 'Emily Agent', language: 'en' },
  { key: 'customer', email: 'customer@demo.estos.de', password: 'demo-customer-1', role: 'customer', name: 'Karla Kundin', language: 'de' },
  { key: 'colleague', email: 'colleague@demo.estos.de', password: 'demo-customer-2', role: 'customer', name: 'Chris Colleague', language: 'en' },
  { key: 'partner', email: 'partner@demo.estos.de', password: 'demo-partner-1', role: 'partner', name: 'Paul Partner', language: 'de' },
] as const satisfies readonly { key: string; email: string; password: string; role: UserRole; name: string; language: Lang }[];

export interface WorldSize {
  customers: number;
  partners: number;
  agents: number;
  leads: number;
}

const clamp = (v: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, v));

/** Sizes that keep tickets per organisation and per agent realistic from 50 to 100k tickets. */
export function worldSize(tickets: number): WorldSize {
  const agents = clamp(Math.round(tickets / 400), 6, 250);
  return {
    customers: clamp(Math.round(tickets / 20), 12, 5000),
    partners: clamp(Math.round(tickets / 150), 4, 700),
    agents,
    leads: clamp(Math.round(agents / 8), 2, 30),
  };
}

function demo(key: (typeof DEMO_ACCOUNTS)[number]['key']) {
  const account = DEMO_ACCOUNTS.find((a) => a.key === key);
  if (!account) throw new Error(`unknown demo account ${key}`);
  return account;
}

export function buildWorld(seed: number, tickets: number, anchor: number): SeedWorld {
  const rng = new Rng(seed, 'world');
  const size = worldSize(tickets);
  const usedEmails = new Set<string>();
  const usedOrgNames = new Set<string>();
  let contractSeq = 0;
  const past = (minDays: number, maxDays: number) => anchor - Math.round(rng.int(minDays * 24, maxDays * 24) * DAY_MS / 24);

  const person = (org: SeedOrganization, domain: string, role: UserRole, orgAdmin: boolean): SeedUser => {
    const first = rng.pick(FIRST_NAMES);
    const last = rng.pick(LAST_NAMES);
    let local = `${slug(first)}.${slug(last)}`;
    for (let n = 2; usedEmails.has(`${local}@${domain}`); n++) local = `${slug(first)}.${slug(last)}${n}`;
    const email = `${local}@${domain}`;
    usedEmails.add(email);
    const user: SeedUser = {
      id: rng.uuid(), email, name: `${first} ${last}`, firstName: first, role,
      organizationId: org.id, orgAdmin, language: rng.chance(0.72) ? 'de' : 'en', password: null,
      createdAt: Math.max(org.createdAt, past(500, 800)),
    };
    org.users.push(user);
    return user;
  };

  const demoUser = (org: SeedOrganization, key: (typeof DEMO_ACCOUNTS)[number]['key'], orgAdmin: boolean): SeedUser => {
    const a = demo(key);
    usedEmails.add(a.email);
    const user: SeedUser = {
      id: rng.uuid(), email: a.email, name: a.name, firstName: a.name.split(' ')[0]!, role: a.role,
      organizationId: org.id, orgAdmin, language: a.language, password: a.password, createdAt: org.createdAt,
    };
    org.users.push(user);
    return user;
  };

  const org = (kind: SeedOrganization['kind'], name: string, registeredEndUser: boolean): SeedOrganization => {
    usedOrgNames.add(name);
    return { id: rng.uuid(), name, kind, registeredEndUser, createdAt: past(820, 1400), users: [], contracts: [], endUserCompanies: [] };
  };

  const uniqueName = (make: () => string): string => {
    let name = make();
    for (let n = 2; usedOrgNames.has(name); n++) name = `${make()} ${rng.pick(CITIES)}${n > 4 ? ` ${n}` : ''}`;
    return name;
  };

  const contract = (o: SeedOrganization, expired: boolean, tier?: SeedContract['tier']): SeedContract => {
    contractSeq++;
    const validFrom = past(expired ? 700 : 400, expired ? 1000 : 700);
    const c: SeedContract = {
      id: rng.uuid(), organizationId: o.id,
      contractNumber: `SLA-${new Date(validFrom).getUTCFullYear()}-${String(contractSeq).padStart(5, '0')}`,
      tier: tier ?? rng.weighted([['basic', 5], ['premium', 3], ['premiumPlus', 1]] as const),
      validFrom,
      // Expired contracts ended well before the anchor; valid ones run on (open-ended) or end in the future.
      validUntil: expired ? past(30, 300) : rng.chance(0.5) ? null : anchor + rng.int(30, 400) * DAY_MS,
    };
    o.contracts.push(c);
    return c;
  };

  // estos itself: staff accounts belong here.
  const estos = org('estos', 'estos GmbH', false);
  const staff = (role: UserRole) => {
    const u = person(estos, 'estos.example', role, false);
    return u;
  };
  const admins = [demoUser(estos, 'admin', false)];
  const leads = [demoUser(estos, 'lead', false)];
  for (let i = 1; i < size.leads; i++) leads.push(staff('team_lead'));
  const agents = [demoUser(estos, 'agent', false), demoUser(estos, 'agentEn', false)];
  for (let i = 2; i < size.agents; i++) agents.push(staff('agent'));

  // Fixed demo organisations first, so the demo logins always have data to look at.
  const demoCustomerOrg = org('customer', 'Demo Kunde GmbH', true);
  demoUser(demoCustomerOrg, 'customer', true);
  demoUser(demoCustomerOrg, 'colleague', false);
  person(demoCustomerOrg, 'demo-kunde.example', 'customer', false);
  contract(demoCustomerOrg, false, 'premium');
  contract(demoCustomerOrg, true, 'basic');

  const demoPartnerOrg = org('partner', 'Demo Partner Systemhaus GmbH', false);
  demoUser(demoPartnerOrg, 'partner', true);
  person(demoPartnerOrg, 'demo-partner.example', 'partner', false);
  contract(demoPartnerOrg, false, 'premiumPlus');

  const customers = [demoCustomerOrg];
  for (let i = 1; i < size.customers; i++) {
    const name = uniqueName(() => `${rng.pick(COMPANY_STEMS)} ${rng.pick(COMPANY_TRADES)} ${rng.pick(LEGAL_FORMS)}`);
    const o = org('customer', name, rng.chance(0.35));
    const domain = `${slug(name).slice(0, 40)}.example`;
    const members = rng.int(1, 5);
    for (let m = 0; m < members; m++) person(o, domain, 'customer', m === 0);
    if (rng.chance(0.35)) contract(o, false);
    if (rng.chance(0.12)) contract(o, true);
    customers.push(o);
  }

  const partners = [demoPartnerOrg];
  for (let i = 1; i < size.partners; i++) {
    const name = uniqueName(() => `${rng.pick(COMPANY_STEMS)} ${rng.pick(PARTNER_TRADES)} ${rng.pick(LEGAL_FORMS)}`);
    const o = org('partner', name, false);
    const domain = `${slug(name).slice(0, 40)}.example`;
    const members = rng.int(1, 4);
    for (let m = 0; m < members; m++) person(o, domain, 'partner', m === 0);
    if (rng.chance(0.5)) contract(o, false);
    if (rng.chance(0.15)) contract(o, true);
    partners.push(o);
  }

  // Partners file for end-user companies; some of those are registered with estos (seed priority rule 3.1).
  for (const p of partners) {
    const count = p === demoPartnerOrg ? 4 : rng.int(2, 8);
    for (let e = 0; e < count; e++) {
      const name = uniqueName(() => `${rng.pick(COMPANY_STEMS)} ${rng.pick(COMPANY_TRADES)} ${rng.pick(LEGAL_FORMS)}`);
      // The demo partner gets both kinds so the registered/unregistered difference is visible in the demo.
      const registered = p === demoPartnerOrg ? e % 2 === 0 : rng.chance(0.45);
      p.endUserCompanies.push({ id: rng.uuid(), partnerOrganizationId: p.id, name, registered, createdAt: past(450, 700) });
    }
  }

  return { estos, customers, partners, admins, leads, agents, demoCustomerOrg, demoPartnerOrg };
}
