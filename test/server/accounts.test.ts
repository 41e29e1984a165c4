import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbAll, dbGet } from './backend';
import { FIXTURE_USERS, PASSWORD, startTestServer, type TestServer } from './harness';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({ deps: { config: { loginLimits: { perAccount: { max: 3, windowMs: 60_000 }, perAddress: { max: 6, windowMs: 60_000 } }, tokenTtlMs: 3_600_000 } } });
});
afterAll(async () => s.close());

describe('access requests', () => {
  it('request → approval (audited) → set password → login; no login before', async () => {
    const email = 'neu@gamma.example';
    const req = await s.call('POST', '/api/v1/access-requests', { body: { name: 'Neu', email, company: 'Gamma', reason: 'Support', language: 'en' } });
    expect(req.status).toBe(202);
    expect((await s.call('POST', '/api/v1/auth/login', { body: { email, password: PASSWORD } })).status).toBe(401);

    const lead = await s.login('teamLead');
    const list = await s.call<{ items: Array<{ id: string; email: string }> }>('GET', '/api/v1/access-requests?status=pending', { token: lead });
    const pending = list.body.items.find((r) => r.email === email)!;
    expect(pending).toBeDefined();
    const approved = await s.call<{ setPasswordToken: string; user: { id: string; role: string; language: string } }>(
      'POST',
      `/api/v1/access-requests/${pending.id}/approve`,
      { token: lead, body: { role: 'customer', newOrganization: { name: 'Gamma GmbH', kind: 'customer' }, orgAdmin: true } },
    );
    expect(approved.status).toBe(201);
    expect(approved.body.user.language).toBe('en');
    const audit = await dbAll<{ actor_id: string; action: string; at: string }>(s.store, 'SELECT actor_id, action, at FROM audit_log WHERE target_id = ?', [pending.id]);
    expect(audit).toEqual([{ actor_id: s.fixture.users.teamLead, action: 'access_request.approved', at: new Date(s.clock.now()).toISOString() }]);
    // approving twice is a conflict
    expect((await s.call('POST', `/api/v1/access-requests/${pending.id}/approve`, { token: lead, body: { role: 'customer', organizationId: s.fixture.orgs.alpha } })).status).toBe(409);

    expect((await s.call('POST', '/api/v1/auth/login', { body: { email, password: 'new password 123' } })).status).toBe(401);
    expect((await s.call('POST', '/api/v1/auth/set-password', { body: { token: approved.body.setPasswordToken, password: 'new password 123' } })).status).toBe(204);
    // one-time
    expect((await s.call('POST', '/api/v1/auth/set-password', { body: { token: approved.body.setPasswordToken, password: 'other password 123' } })).status).toBe(401);
    const login = await s.call<{ token: string; user: { id: string } }>('POST', '/api/v1/auth/login', { body: { email, password: 'new password 123' } });
    expect(login.status).toBe(200);
    const me = await s.call<{ id: string; role: string }>('GET', '/api/v1/me', { token: login.body.token });
    expect(me.body).toMatchObject({ id: approved.body.user.id, role: 'customer' });
    const stored = (await dbGet<{ password_hash: string }>(s.store, 'SELECT password_hash FROM users WHERE email = ?', [email]))!;
    expect(stored.password_hash.startsWith('scrypt$')).toBe(true);
    expect(stored.password_hash).not.toContain('new password');
  });

  it('rejection is audited and creates no account; customers cannot decide', async () => {
    const email = 'nope@delta.example';
    await s.call('POST', '/api/v1/access-requests', { body: { name: 'No', email, company: 'Delta', reason: 'x' } });
    const admin = await s.login('admin');
    const id = (await s.call<{ items: Array<{ id: string; email: string }> }>('GET', '/api/v1/access-requests', { token: admin })).body.items.find((r) => r.email === email)!.id;
    expect((await s.call('POST', `/api/v1/access-requests/${id}/reject`, { token: await s.login('customerA'), body: {} })).status).toBe(403);
    expect((await s.call('POST', `/api/v1/access-requests/${id}/reject`, { token: admin, body: { note: 'unknown company' } })).status).toBe(204);
    const row = (await dbGet(s.store, 'SELECT status, decided_by, decided_at FROM access_requests WHERE id = ?', [id]));
    expect(row).toEqual({ status: 'rejected', decided_by: s.fixture.users.admin, decided_at: new Date(s.clock.now()).toISOString() });
    expect((await dbGet(s.store, 'SELECT COUNT(*) AS n FROM users WHERE email = ?', [email]))).toEqual({ n: 0 });
  });

  it('an organisation admin adds a colleague of the same organisation; a non-admin cannot', async () => {
    const res = await s.call<{ user: { role: string; organizationId: string } }>('POST', `/api/v1/organizations/${s.fixture.orgs.alpha}/members`, {
      token: await s.login('customerA'),
      body: { email: 'carla@alpha.example', name: 'Carla' },
    });
    expect(res.status).toBe(201);
    expect(res.body.user).toMatchObject({ role: 'customer', organizationId: s.fixture.orgs.alpha });
    expect((await s.call('POST', `/api/v1/organizations/${s.fixture.orgs.alpha}/members`, { token: await s.login('customerA2'), body: { email: 'x@alpha.example', name: 'X' } })).status).toBe(403);
    expect((await s.call('POST', `/api/v1/organizations/${s.fixture.orgs.alpha}/members`, { token: await s.login('customerB'), body: { email: 'y@alpha.example', name: 'Y' } })).status).toBe(404);
  });
});

describe('login', () => {
  it('is rate-limited per account (429 RATE_LIMITED), even for the right password, until the window passes', async () => {
    const email = FIXTURE_USERS.partner.email;
    for (let i = 0; i < 3; i++) expect((await s.call('POST', '/api/v1/auth/login', { body: { email, password: 'wrong' } })).status).toBe(401);
    const limited = await s.call<{ error: { code: string } }>('POST', '/api/v1/auth/login', { body: { email, password: PASSWORD } });
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('RATE_LIMITED');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    s.clock.advance(61_000);
    expect((await s.call('POST', '/api/v1/auth/login', { body: { email, password: PASSWORD } })).status).toBe(200);
  });

  it('is rate-limited per address across accounts', async () => {
    s.clock.advance(61_000);
    for (let i = 0; i < 6; i++) await s.call('POST', '/api/v1/auth/login', { body: { email: `ghost${i}@x.example`, password: 'wrong' } });
    expect((await s.call('POST', '/api/v1/auth/login', { body: { email: FIXTURE_USERS.agent.email, password: PASSWORD } })).status).toBe(429);
    s.clock.advance(61_000);
  });

  it('tokens expire and can be revoked', async () => {
    const login = await s.call<{ token: string }>('POST', '/api/v1/auth/login', { body: { email: FIXTURE_USERS.customerB.email, password: PASSWORD } });
    const token = login.body.token;
    expect((await s.call('GET', '/api/v1/me', { token })).status).toBe(200);
    s.clock.advance(3_600_000);
    const expired = await s.call<{ error: { code: string; details: { reason: string } } }>('GET', '/api/v1/me', { token });
    expect(expired.status).toBe(401);
    expect(expired.body.error.details.reason).toBe('expired');

    const fresh = (await s.call<{ token: string }>('POST', '/api/v1/auth/login', { body: { email: FIXTURE_USERS.customerB.email, password: PASSWORD } })).body.token;
    expect((await s.call('POST', '/api/v1/auth/logout', { token: fresh })).status).toBe(204);
    const revoked = await s.call<{ error: { details: { reason: string } } }>('GET', '/api/v1/me', { token: fresh });
    expect(revoked.status).toBe(401);
    expect(revoked.body.error.details.reason).toBe('revoked');
    const stored = (await dbGet<{ n: number }>(s.store, 'SELECT COUNT(*) AS n FROM auth_tokens WHERE token_hash = ?', [fresh]))!;
    expect(stored.n).toBe(0); // only the hash is stored
  });
});
