/**
 * The demo seed's only source of randomness. Math.random is never used: the same random seed must give the
 * same database, row for row, on every machine. sfc32 (small fast counter) passes PractRand far beyond what a
 * demo needs and is a handful of 32-bit integer operations per draw.
 *
 * Every ticket gets its own stream, derived from (seed, stream name, index), so a ticket's data does not
 * depend on how many random numbers earlier tickets drew: changing one generator detail changes only the
 * data it touches, and batches could be generated in any order.
 */
function splitmix32(state: number): () => number {
  let s = state >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** FNV-1a over the UTF-16 code units: a stable 32-bit hash for stream names. */
function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** `seed` is the user's --random-seed; `stream` and `index` select an independent sequence. */
  constructor(seed: number, stream: string, index = 0) {
    const init = splitmix32((Math.trunc(seed) ^ Math.imul(hashString(stream), 0x27d4eb2d) ^ Math.imul(index + 1, 0x165667b1)) >>> 0);
    this.a = init();
    this.b = init();
    this.c = init();
    this.d = init();
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  nextUint32(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Uniform integer in [min, max] (both inclusive). */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** Picks by weight; weights need not sum to 1. */
  weighted<T>(entries: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, w] of entries) total += w;
    let r = this.next() * total;
    for (const [value, w] of entries) {
      r -= w;
      if (r < 0) return value;
    }
    return entries[entries.length - 1]![0];
  }

  /** A UUID (version-4 layout) made of this stream's bits, so ids are reproducible too. */
  uuid(): string {
    const hex = (n: number) => n.toString(16).padStart(8, '0');
    const a = hex(this.nextUint32());
    const b = hex(this.nextUint32());
    const c = hex(this.nextUint32());
    const d = hex(this.nextUint32());
    const variant = ((parseInt(c[0]!, 16) & 0x3) | 0x8).toString(16);
    return `${a}-${b.slice(0, 4)}-4${b.slice(5, 8)}-${variant}${c.slice(1, 4)}-${c.slice(4)}${d}`;
  }

  /**
   * A UUID version 8 (RFC 9562 "custom") whose first 48 bits are `major` (32 bits) and `minor` (16 bits), the
   * rest from this stream. Tickets use their sequence number as major and a per-ticket counter as minor, so a
   * bulk load appends to every id index instead of scattering inserts over random B-tree pages — at 100k
   * tickets that is the difference between cache hits and re-reading pages for each of ~10 index inserts a row.
   */
  orderedId(major: number, minor: number): string {
    const hex = (n: number, width: number) => (n >>> 0).toString(16).padStart(width, '0').slice(-width);
    const r1 = this.nextUint32();
    const r2 = this.nextUint32();
    const r3 = this.nextUint32();
    const variant = (8 | (r1 >>> 30)).toString(16);
    return `${hex(major, 8)}-${hex(minor, 4)}-8${hex(r1, 3)}-${variant}${hex(r2, 3)}-${hex(r2 >>> 12, 4)}${hex(r3, 8)}`;
  }
}
