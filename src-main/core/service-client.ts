import { z } from 'zod';
import { UserRoleSchema, isoInstant } from '../../src-shared/domain/ticket';
import { DomainError, ERROR_CODES, type ErrorCode } from '../../src-shared/errors';
import { KbArticleHeaderRecordSchema, type KbArticleHeaderRecord } from '../../src-shared/sync/records';

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

const PublicUserSchema = z.object({
  id: z.string().min(1),
  email: z.string(),
  name: z.string().min(1),
  role: UserRoleSchema,
  language: z.enum(['de', 'en']),
});
export type ServiceUser = z.infer<typeof PublicUserSchema>;

const LoginResponseSchema = z.object({ token: z.string().min(1), expiresAt: isoInstant, user: PublicUserSchema });
const ErrorBodySchema = z.object({ error: z.object({ code: z.enum(ERROR_CODES), message: z.string() }) });
/** The KB search answers either a bare list or `{ articles | results | items: [...] }`; both are accepted. */
const KbSearchSchema = z.union([
  z.array(KbArticleHeaderRecordSchema),
  z.object({ articles: z.array(KbArticleHeaderRecordSchema) }).transform((o) => o.articles),
  z.object({ results: z.array(KbArticleHeaderRecordSchema) }).transform((o) => o.results),
  z.object({ items: z.array(KbArticleHeaderRecordSchema) }).transform((o) => o.items),
]);

const TIMEOUT_MS = 15_000;

/**
 * The few REST calls the core makes outside the sync protocol (login, logout, who-am-I, KB search).
 * Answers are validated; a failure carries the service's own stable code, or UNAUTHENTICATED/INTERNAL.
 */
export class ServiceClient {
  constructor(
    readonly baseUrl: string,
    private readonly fetchImpl: FetchLike = (i, init) => fetch(i, init),
  ) {}

  private url(path: string): string {
    return new URL(path, this.baseUrl.endsWith('/') ? this.baseUrl : `${this.baseUrl}/`).toString();
  }

  private async request<S extends z.ZodType>(method: 'GET' | 'POST', path: string, schema: S, token: string | null, body?: unknown): Promise<z.infer<S>> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    let res: Response;
    try {
      res = await this.fetchImpl(this.url(path), {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (e) {
      throw new DomainError('INTERNAL', `the ticket service at ${this.baseUrl} is not reachable (${e instanceof Error ? e.message : String(e)})`, {
        unreachable: true,
      });
    }
    const text = await res.text();
    let json: unknown;
    try {
      json = text.length > 0 ? JSON.parse(text) : null;
    } catch {
      throw new DomainError('INTERNAL', `${method} ${path} answered HTTP ${res.status} with a body that is not JSON`);
    }
    if (!res.ok) {
      const err = ErrorBodySchema.safeParse(json);
      const code: ErrorCode = err.success ? err.data.error.code : res.status === 401 ? 'UNAUTHENTICATED' : 'INTERNAL';
      throw new DomainError(code, err.success ? err.data.error.message : `${method} ${path} answered HTTP ${res.status}`);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new DomainError('INTERNAL', `${method} ${path} answered with an unexpected shape`);
    return parsed.data;
  }

  login(email: string, password: string): Promise<z.infer<typeof LoginResponseSchema>> {
    return this.request('POST', 'api/v1/auth/login', LoginResponseSchema, null, { email, password });
  }

  async logout(token: string): Promise<void> {
    await this.request('POST', 'api/v1/auth/logout', z.unknown(), token);
  }

  me(token: string): Promise<ServiceUser> {
    return this.request('GET', 'api/v1/me', PublicUserSchema, token);
  }

  kbSearch(token: string, query: string, language: 'de' | 'en' | undefined): Promise<KbArticleHeaderRecord[]> {
    const q = new URLSearchParams({ q: query });
    if (language) q.set('language', language);
    return this.request('GET', `api/v1/kb/search?${q.toString()}`, KbSearchSchema, token);
  }
}
