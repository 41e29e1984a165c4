/**
 * Stable error codes. They cross every boundary (HTTP, sync push results, IPC) unchanged, so clients
 * can branch on them and translate them; messages are for humans and logs. Never rename a code.
 * Append new codes in their group; keep groups sorted by area.
 */
export const ERROR_CODES = [
  // generic input / protocol
  'VALIDATION_FAILED',
  'NOT_FOUND',
  'CONFLICT',
  'FORBIDDEN',
  'UNAUTHENTICATED',
  'RATE_LIMITED',
  'PAYLOAD_TOO_LARGE',
  'INTERNAL',
  // workflow
  'WORKFLOW_INVALID_TRANSITION',
  'WORKFLOW_FINAL_STATUS',
  'WORKFLOW_NOT_CREATOR',
  // calendar / SLA
  'CALENDAR_INVALID_CONFIG',
  'SLA_UNKNOWN_CONTRACT',
  'SLA_INVALID_CONFIG',
  // ticket service
  'SCHEMA_TOO_NEW',
  'TICKET_PARTICIPANT_OUTSIDE_ORGANIZATION',
  'ESCALATION_INVALID_STATE',
  'UNSUPPORTED_MEDIA_TYPE',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Readonly<Record<string, unknown>>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export function isDomainError(e: unknown): e is DomainError {
  return e instanceof DomainError;
}
