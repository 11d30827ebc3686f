/**
 * A small seeded PRNG (mulberry32) for fuzz tests: the same seed gives the
 * same inputs, so a failure can be replayed with LENDWIRE_FUZZ_SEED=<seed>.
 */
export class SeededRandom {
  private state: number;

  constructor(readonly seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)];
  }

  bytes(length: number): Buffer {
    const out = Buffer.alloc(length);
    for (let i = 0; i < length; i++) out[i] = this.int(0, 255);
    return out;
  }
}

/** The seed from LENDWIRE_FUZZ_SEED, or a fresh random one. */
export function fuzzSeed(): number {
  const fromEnv = process.env.LENDWIRE_FUZZ_SEED;
  if (fromEnv !== undefined && fromEnv !== '') {
    const n = Number(fromEnv);
    if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new Error(`LENDWIRE_FUZZ_SEED must be an integer from 0 to 4294967295 (got ${fromEnv})`);
    return n;
  }
  return Math.floor(Math.random() * 0x100000000);
}
