import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SseParser } from '../../src-main/sync/sse-parser';

const STREAM = ': keep-alive\n\nevent: poke\ndata: {"syncId":1}\n\nevent: poke\r\ndata: {"syncId":2}\r\n\r\ndata: a\ndata: b\n\n';
const EXPECTED = [
  { event: 'poke', data: '{"syncId":1}' },
  { event: 'poke', data: '{"syncId":2}' },
  { event: 'message', data: 'a\nb' },
];

describe('SseParser', () => {
  it('parses events, CRLF line ends, comments and multi-line data', () => {
    expect(new SseParser().push(STREAM)).toEqual(EXPECTED);
  });

  it('gives the same messages however the stream is chunked', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: STREAM.length }), { maxLength: 12 }), (cuts) => {
        const points = [...new Set(cuts)].sort((a, b) => a - b);
        const parser = new SseParser();
        const out = [];
        let prev = 0;
        for (const p of [...points, STREAM.length]) {
          out.push(...parser.push(STREAM.slice(prev, p)));
          prev = p;
        }
        expect(out).toEqual(EXPECTED);
      }),
    );
  });

  it('does not emit a message before its terminating blank line', () => {
    expect(new SseParser().push('event: poke\ndata: {"syncId":3}\n')).toEqual([]);
  });
});
