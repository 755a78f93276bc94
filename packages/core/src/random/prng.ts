import { ValueError } from '../errors';

/**
 * A seeded pseudo-random generator (xoshiro128**, seeded through splitmix32). Every random number
 * in Glia comes from one of these, on the host, so a seed gives the same values on every backend.
 */
export class Prng {
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;
  private spareNormal: number | undefined;

  constructor(seed: number) {
    if (!Number.isFinite(seed))
      throw new ValueError(`Prng: seed must be a finite number, got ${seed}`);
    let x = (Math.trunc(seed) >>> 0) ^ (Math.floor(seed / 2 ** 32) >>> 0);
    const next = (): number => {
      x = (x + 0x9e3779b9) | 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
  }

  /** Next 32 random bits. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform in [0, 1) with 53 bits. */
  nextFloat(): number {
    const hi = this.nextUint32() >>> 5;
    const lo = this.nextUint32() >>> 6;
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Standard normal (Box-Muller, caching the second value). */
  nextNormal(): number {
    if (this.spareNormal !== undefined) {
      const v = this.spareNormal;
      this.spareNormal = undefined;
      return v;
    }
    let u = 0;
    while (u === 0) u = this.nextFloat();
    const v = this.nextFloat();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spareNormal = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

let globalPrng = new Prng(Date.now());

/** Seeds the global generator used when an op is given no seed (`setSeed(42)` makes runs repeatable). */
export function setSeed(seed: number): void {
  globalPrng = new Prng(seed);
}

/** A generator for `seed`, or the global one when `seed` is undefined. */
export function prngFor(seed: number | undefined): Prng {
  return seed === undefined ? globalPrng : new Prng(seed);
}
