import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, type ErrorCode, isDomainError } from '../../src-shared/errors';

/** HTTP status per stable code. Codes not listed are client errors (400): bad input must never become a 5xx. */
const STATUS: Partial<Record<ErrorCode, number>> = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  SCHEMA_TOO_NEW: 500,
  WORKFLOW_INVALID_TRANSITION: 409,
  WORKFLOW_FINAL_STATUS: 409,
  WORKFLOW_NOT_CREATOR: 403,
  SLA_UNKNOWN_CONTRACT: 422,
  TICKET_PARTICIPANT_OUTSIDE_ORGANIZATION: 422,
  ESCALATION_INVALID_STATE: 409,
};

export function httpStatusFor(code: ErrorCode): number {
  return STATUS[code] ?? 400;
}

export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: Readonly<Record<string, unknown>> };
}

/** Fastify's own errors (parser, body limit, media type) carry FST_ codes; map them to ours. */
function fromFastify(err: FastifyError): DomainError | null {
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new DomainError('PAYLOAD_TOO_LARGE', 'request body is too large');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new DomainError('UNSUPPORTED_MEDIA_TYPE', 'request bodies must be application/json');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new DomainError('VALIDATION_FAILED', 'body is empty but content-type is application/json');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new DomainError('VALIDATION_FAILED', 'body is not valid JSON');
    default:
      break;
  }
  if (err instanceof SyntaxError || (typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500)) {
    return new DomainError('VALIDATION_FAILED', err instanceof SyntaxError ? 'body is not valid JSON' : err.message);
  }
  return null;
}

export function toErrorReply(err: unknown): { status: number; body: ErrorBody; internal: boolean } {
  const domain = isDomainError(err) ? err : fromFastify(err as FastifyError);
  if (!domain) {
    return { status: 500, body: { error: { code: 'INTERNAL', message: 'internal error' } }, internal: true };
  }
  const body: ErrorBody = { error: { code: domain.code, message: domain.message } };
  if (domain.details) body.error.details = domain.details;
  const status = httpStatusFor(domain.code);
  return { status, body, internal: status >= 500 };
}

export function errorHandler(err: unknown, request: FastifyRequest, reply: FastifyReply): void {
  const { status, body, internal } = toErrorReply(err);
  if (internal) request.log.error({ err }, 'request failed');
  else request.log.info({ code: body.error.code, status }, 'request rejected');
  if (status === 429 && body.error.details && typeof body.error.details.retryAfterSeconds === 'number') {
    void reply.header('retry-after', String(body.error.details.retryAfterSeconds));
  }
  void reply.status(status).send(body);
}
