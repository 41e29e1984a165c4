import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DEFAULT_RETRY_POLICY, retryDelayMs } from '../../../src-server/notifications/backoff';
import { createSmtpMailer } from '../../../src-server/notifications/mailer';
import { describeSmtp, parseSmtpUrl } from '../../../src-server/notifications/smtp-config';
import { decodeBody, decodeSubject, LocalSmtpServer } from './smtp-test-server';

describe('parseSmtpUrl', () => {
  it('parses host, port, TLS mode and credentials', () => {
    expect(parseSmtpUrl('smtp://127.0.0.1:2525')).toMatchObject({ host: '127.0.0.1', port: 2525, secure: false, auth: null });
    const c = parseSmtpUrl('smtps://mailer:s%40cret@mail.example.com');
    expect(c).toMatchObject({ host: 'mail.example.com', port: 465, secure: true, auth: { user: 'mailer', pass: 's@cret' } });
    expect(describeSmtp(c)).toBe('smtps://mailer:***@mail.example.com:465');
  });
  it.each(['http://x:25', 'not a url', 'smtp://:25', 'smtp://host:99999', 'smtp://host:25/path'])('rejects %s', (raw) => {
    expect(() => parseSmtpUrl(raw)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
  });
});

describe('retryDelayMs', () => {
  it('grows exponentially within [ceiling/2, ceiling] and never exceeds the cap', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }), fc.double({ min: 0, max: 0.999999, noNaN: true }), (n, r) => {
        const d = retryDelayMs(n, DEFAULT_RETRY_POLICY, () => r);
        const ceiling = Math.min(DEFAULT_RETRY_POLICY.maxMs, DEFAULT_RETRY_POLICY.baseMs * 2 ** (n - 1));
        return d >= ceiling / 2 - 1 && d <= ceiling + 1 && d > 0;
      }),
    );
    expect(retryDelayMs(1, DEFAULT_RETRY_POLICY, () => 0.999999)).toBeLessThan(retryDelayMs(3, DEFAULT_RETRY_POLICY, () => 0));
  });
});

describe('createSmtpMailer against a real local SMTP server', () => {
  const server = new LocalSmtpServer();
  afterEach(async () => server.stop());

  it('delivers a UTF-8 text mail with our Message-ID and Auto-Submitted header', async () => {
    const port = await server.start();
    const mailer = createSmtpMailer(parseSmtpUrl(`smtp://127.0.0.1:${port}`));
    try {
      await mailer.send({ to: 'eva@kunde.example', subject: '[PS-1] Status: NEW → OPEN – Grüße', text: 'Größe ✓', messageId: '<n-1@support-desk>' });
    } finally {
      mailer.close();
    }
    expect(server.received).toHaveLength(1);
    const mail = server.received[0]!;
    expect(mail.to).toEqual(['eva@kunde.example']);
    expect(mail.raw).toMatch(/^Message-ID: <n-1@support-desk>/im);
    expect(mail.raw).toMatch(/^Auto-Submitted: auto-generated/im);
    expect(decodeSubject(mail.raw)).toBe('[PS-1] Status: NEW → OPEN – Grüße');
    expect(decodeBody(mail.raw)).toContain('Größe ✓');
  });

  it('rejects when the server answers 4xx and when nothing listens', async () => {
    const port = await server.start();
    server.failNext = 1;
    const mailer = createSmtpMailer(parseSmtpUrl(`smtp://127.0.0.1:${port}`));
    await expect(mailer.send({ to: 'a@b.example', subject: 's', text: 't', messageId: '<x@y>' })).rejects.toThrow();
    mailer.close();
    await server.stop();
    const down = createSmtpMailer(parseSmtpUrl(`smtp://127.0.0.1:${port}`));
    await expect(down.send({ to: 'a@b.example', subject: 's', text: 't', messageId: '<x@y>' })).rejects.toThrow();
    down.close();
  });
});
