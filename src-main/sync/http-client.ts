import { z } from 'zod';
import { DomainError, type ErrorCode } from '../../src-shared/errors';

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

/** Why a request failed. All of them are "retry later" for the engine; the code says what to show. */
export type SyncFailureKind = 'network' | 'timeout' | 'http' | 'invalid_response';

export class SyncRequestError extends DomainError {
  constructor(
    readonly kind: SyncFailureKind,
    code: ErrorCode,
    message: string,
    readonly status: number | null = null,
  ) {
    super(code, message, { kind, status });
    this.name = 'SyncRequestError';
  }
}

function codeForStatus(status: number): ErrorCode {
  if (status === 401) return 'UNAUTHENTICATED';
  if (status === 403) return 'FORBIDDEN';
  if (status === 429) return 'RATE_LIMITED';
  if (status === 413) return 'PAYLOAD_TOO_LARGE';
  if (status === 404) return 'NOT_FOUND';
  return 'INTERNAL';
}

export interface HttpClientOptions {
  readonly baseUrl: string;
  readonly token: () => string | null;
  readonly fetch: FetchLike;
  readonly timeoutMs: number;
}

/**
 * JSON over HTTP with a bearer token, a timeout per request and zod validation of every answer: a 5xx,
 * a timeout, a cut-off body or a body of the wrong shape all become a SyncRequestError, never a partial
 * value the cache could apply.
 */
export class HttpClient {
  constructor(private readonly options: HttpClientOptions) {}

  url(path: string): string {
    return new URL(path, this.options.baseUrl.endsWith('/') ? this.options.baseUrl : `${this.options.baseUrl}/`).toString();
  }

  headers(json: boolean): Record<string, string> {
    const h: Record<string, string> = { accept: 'application/json' };
    const token = this.options.token();
    if (token) h.authorization = `Bearer ${token}`;
    if (json) h['content-type'] = 'application/json';
    return h;
  }

  /**
   * A pooled keep-alive socket the server closed while our thread was busy fails with ECONNRESET before any
   * byte was exchanged; one immediate retry on a fresh socket is safe (pull is a read, push is idempotent).
   */
  private async fetchOnce(path: string, init: RequestInit): Promise<Response> {
    try {
      return await this.options.fetch(this.url(path), init);
    } catch (e) {
      const code = e instanceof Error && e.cause instanceof Error ? (e.cause as Error & { code?: string }).code : undefined;
      if ((code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') && !init.signal?.aborted) return this.options.fetch(this.url(path), init);
      throw e;
    }
  }

  async json<S extends z.ZodType>(method: 'GET' | 'POST', path: string, schema: S, body?: unknown, signal?: AbortSignal): Promise<z.infer<S>> {
    const timeout = AbortSignal.timeout(this.options.timeoutMs);
    const init: RequestInit = {
      method,
      headers: this.headers(body !== undefined),
      signal: signal ? AbortSignal.any([timeout, signal]) : timeout,
    };
    if (body !== undefined) init.body = JSON.stringify(body);
    let text: string;
    let status: number;
    try {
      const res = await this.fetchOnce(path, init);
      status = res.status;
      text = await res.text();
    } catch (e) {
      if (timeout.aborted) throw new SyncRequestError('timeout', 'INTERNAL', `${method} ${path} timed out after ${this.options.timeoutMs} ms`);
      throw new SyncRequestError('network', 'INTERNAL', `${method} ${path} failed: ${describeNetworkError(e)}`);
    }
    if (status < 200 || status >= 300) {
      throw new SyncRequestError('http', codeForStatus(status), `${method} ${path} answered HTTP ${status}: ${text.slice(0, 200)}`, status);
    }
    let parsedJson: unknown;
    try {
      parsedJson = JSON.parse(text);
    } catch {
      throw new SyncRequestError('invalid_response', 'VALIDATION_FAILED', `${method} ${path} returned invalid JSON (${text.length} bytes)`, status);
    }
    const result = schema.safeParse(parsedJson);
    if (!result.success) {
      throw new SyncRequestError('invalid_response', 'VALIDATION_FAILED', `${method} ${path} returned an unexpected shape: ${z.prettifyError(result.error).slice(0, 500)}`, status);
    }
    return result.data;
  }
}

/** fetch() says only "fetch failed"; the cause (ECONNREFUSED, ECONNRESET, …) is what a log reader needs. */
function describeNetworkError(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  const cause = e.cause instanceof Error ? `: ${(e.cause as Error & { code?: string }).code ?? ''} ${e.cause.message}`.trimEnd() : '';
  return `${e.message}${cause}`;
}
