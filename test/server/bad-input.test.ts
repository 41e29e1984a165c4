import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, ticketBody } from './harness';

let s: TestServer;
let customer: string;
let agent: string;
let ticketId = "";

beforeAll(async () => {
  s = await startTestServer();
  customer = await s.login('customerA');
  agent = await s.login('agent');
  ticketId = (await s.call<{ id: string }>('POST', '/api/v1/tickets', { token: customer, body: ticketBody() })).body.id;
});
afterAll(async () => s.close());

type Case = { name: string; method: string; path: () => string; token: () => string | undefined; rawBody?: string; body?: unknown; headers?: Record<string, string>; status: number; code: string };

const CASES: Case[] = [
  { name: 'malformed JSON', method: 'POST', path: () => '/api/v1/tickets', token: () => customer, rawBody: '{"title": ', status: 400, code: 'VALIDATION_FAILED' },
  { name: 'empty JSON body', method: 'POST', path: () => '/api/v1/tickets', token: () => customer, rawBody: '', headers: { 'content-type': 'application/json' }, status: 400, code: 'VALIDATION_FAILED' },
  { name: 'wrong type', method: 'POST', path: () => '/api/v1/tickets', token: () => customer, body: ticketBody({ severity: 'high' }), status: 400, code: 'VALIDATION_FAILED' },
  { name: 'unknown field', method: 'POST', path: () => '/api/v1/tickets', token: () => customer, body: ticketBody({ priority: 'max' }), status: 400, code: 'VALIDATION_FAILED' },
  { name: 'unknown checklist field', method: 'POST', path: () => '/api/v1/tickets', token: () => customer, body: ticketBody({ checklist: { whatHappened: 'x' } }), status: 400, code: 'VALIDATION_FAILED' },
  { name: 'array instead of object', method: 'POST', path: () => '/api/v1/tickets', token: () => customer, body: [1, 2], status: 400, code: 'VALIDATION_FAILED' },
  { name: 'oversized body', method: 'POST', path: () => '/api/v1/tickets', token: () => customer, rawBody: JSON.stringify(ticketBody({ description: 'x'.repeat(1_100_000) })), status: 413, code: 'PAYLOAD_TOO_LARGE' },
  { name: 'non-JSON media type', method: 'POST', path: () => '/api/v1/tickets', token: () => customer, rawBody: 'title=x', headers: { 'content-type': 'application/x-www-form-urlencoded' }, status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' },
  { name: 'unknown SLA contract', method: 'POST', path: () => '/api/v1/tickets', token: () => customer, body: ticketBody({ slaContractNumber: 'NOPE-1' }), status: 422, code: 'SLA_UNKNOWN_CONTRACT' },
  { name: 'foreign end-user company id', method: 'POST', path: () => '/api/v1/tickets', token: () => customer, body: ticketBody({ endUserCompany: { name: 'x', companyId: 'nope' } }), status: 404, code: 'NOT_FOUND' },
  { name: 'invalid transition', method: 'POST', path: () => `/api/v1/tickets/${ticketId}/transitions`, token: () => agent, body: { to: 'NEW' }, status: 409, code: 'WORKFLOW_INVALID_TRANSITION' },
  { name: 'unknown status', method: 'POST', path: () => `/api/v1/tickets/${ticketId}/transitions`, token: () => agent, body: { to: 'WAITING' }, status: 400, code: 'VALIDATION_FAILED' },
  { name: 'creator-only move by staff is a plain refusal', method: 'POST', path: () => `/api/v1/tickets/${ticketId}/transitions`, token: () => agent, body: { to: 'IMPLEMENTING' }, status: 409, code: 'WORKFLOW_INVALID_TRANSITION' },
  { name: 'unknown ticket id', method: 'GET', path: () => '/api/v1/tickets/does-not-exist', token: () => agent, status: 404, code: 'NOT_FOUND' },
  { name: 'unknown ticket on write', method: 'POST', path: () => '/api/v1/tickets/does-not-exist/comments', token: () => agent, body: { body: 'x' }, status: 404, code: 'NOT_FOUND' },
  { name: 'unknown escalation', method: 'POST', path: () => '/api/v1/escalations/nope/propose', token: () => undefined, body: { slots: ['2026-03-03T10:00:00.000Z'] }, status: 401, code: 'UNAUTHENTICATED' },
  { name: 'unknown route', method: 'GET', path: () => '/api/v1/nothing', token: () => customer, status: 404, code: 'NOT_FOUND' },
  { name: 'unknown query parameter', method: 'GET', path: () => '/api/v1/tickets?color=red', token: () => customer, status: 400, code: 'VALIDATION_FAILED' },
  { name: 'limit out of range', method: 'GET', path: () => '/api/v1/tickets?limit=100000', token: () => customer, status: 400, code: 'VALIDATION_FAILED' },
  { name: 'body on a body-less route', method: 'POST', path: () => '/api/v1/auth/logout', token: () => customer, body: { all: true }, status: 400, code: 'VALIDATION_FAILED' },
  { name: 'garbage bearer token', method: 'GET', path: () => '/api/v1/me', token: () => 'not-a-real-token-but-long-enough', status: 401, code: 'UNAUTHENTICATED' },
  { name: 'malformed Authorization header', method: 'GET', path: () => '/api/v1/me', token: () => undefined, headers: { authorization: 'Basic abc' }, status: 401, code: 'UNAUTHENTICATED' },
  { name: 'unassignable assignee', method: 'PATCH', path: () => `/api/v1/tickets/${ticketId}`, token: () => agent, body: { assigneeId: 'nobody' }, status: 400, code: 'VALIDATION_FAILED' },
  { name: 'empty PATCH', method: 'PATCH', path: () => `/api/v1/tickets/${ticketId}`, token: () => agent, body: {}, status: 400, code: 'VALIDATION_FAILED' },
  { name: 'self link', method: 'POST', path: () => `/api/v1/tickets/${ticketId}/link`, token: () => agent, body: { targetId: ticketId }, status: 400, code: 'VALIDATION_FAILED' },
  { name: 'dev clock with bad body', method: 'POST', path: () => '/api/v1/dev/clock', token: () => undefined, body: { advanceMs: -5 }, status: 400, code: 'VALIDATION_FAILED' },
];

describe('bad input → stable 4xx, nothing written', () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const before = await s.snapshot();
      const res = await s.call<{ error: { code: string; message: string } }>(c.method, c.path(), {
        token: c.token(),
        body: c.body,
        ...(c.rawBody !== undefined ? { rawBody: c.rawBody } : {}),
        ...(c.headers ? { headers: c.headers } : {}),
      });
      expect(res.status, JSON.stringify(res.body)).toBe(c.status);
      expect(res.body.error.code).toBe(c.code);
      expect(res.body.error.message.length).toBeGreaterThan(0);
      expect(await s.snapshot()).toEqual(before);
    });
  }
});
