import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cacheFileName } from '../../src-main/cache/db-file-name';

describe('cacheFileName', () => {
  it('is stable for equivalent URLs and differs per server and per user', () => {
    const a = cacheFileName('https://Desk.Example.com/', 'u1');
    expect(cacheFileName('https://desk.example.com', 'u1')).toBe(a);
    expect(cacheFileName('https://desk.example.com:443/', 'u1')).toBe(a);
    expect(cacheFileName('https://desk.example.com', 'u2')).not.toBe(a);
    expect(cacheFileName('http://desk.example.com', 'u1')).not.toBe(a);
    expect(cacheFileName('https://desk.example.com/tenant-b', 'u1')).not.toBe(a);
    expect(a).toMatch(/^desk\.example\.com-[0-9a-f]{32}\.sqlite$/);
  });

  it('never yields a path separator, traversal or an over-long name, whatever the user id', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.constantFrom('http://127.0.0.1:8080', 'https://[::1]/x', 'https://a..b/'), (userId, url) => {
        const name = cacheFileName(url, userId);
        expect(name).toMatch(/^[a-z0-9._-]+\.sqlite$/);
        expect(name.startsWith('.')).toBe(false);
        expect(name.length).toBeLessThan(120);
      }),
    );
  });

  it('rejects non-http URLs and empty user ids', () => {
    expect(() => cacheFileName('file:///etc/passwd', 'u1')).toThrow(/http/);
    expect(() => cacheFileName('not a url', 'u1')).toThrow(/valid/);
    expect(() => cacheFileName('https://x', '')).toThrow(/empty/);
  });
});
