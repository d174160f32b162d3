/**
 * Seeded, stateless randomness for the supplier generator: a stream of uniforms per (seed, salt,
 * index), so item i of a data set is a pure function of (seed, i), and a keyed permutation of
 * [0, n) (a Feistel network with cycle walking) that can be inverted, so a name maps back to the
 * item that owns it without storing the set.
 */
import { fillUniforms, seedStream } from '../uncertainty/random.ts';

/** A bijection on 32-bit integers with full avalanche (Wellons' lowbias32). */
export function mix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

/** Uniform draws in [0, 1) and the helpers built on them. */
export interface Rng {
  next(): number;
  /** An integer in [lo, hi]. */
  int(lo: number, hi: number): number;
  pick<T>(xs: readonly T[]): T;
  /** True with probability p. */
  chance(p: number): boolean;
}

/** The stream for item `index` (0 ≤ index < 2^32) of kind `salt` (0 ≤ salt < 2^20) under `seed`. */
export function rngFor(seed: number, salt: number, index: number): Rng {
  const state = new Int32Array(4);
  seedStream(state, seed, salt * 2 ** 32 + index);
  const buf = new Float64Array(16);
  let at = buf.length;
  const next = () => {
    if (at === buf.length) {
      fillUniforms(state, buf, buf.length);
      at = 0;
    }
    return buf[at++]!;
  };
  return {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (xs) => xs[Math.floor(next() * xs.length)]!,
    chance: (p) => next() < p,
  };
}

/** A keyed bijection of [0, size): four Feistel rounds on 2h bits, cycle-walked back into range. */
export class Permutation {
  private readonly half: number;
  private readonly mask: number;
  private readonly keys: number[];

  constructor(
    readonly size: number,
    key: number,
  ) {
    if (!Number.isInteger(size) || size < 1 || size > 2 ** 30) throw new RangeError(`permutation size ${size} is not in 1..2^30`);
    let bits = 2;
    while (2 ** bits < size) bits++;
    this.half = Math.ceil(bits / 2);
    this.mask = (1 << this.half) - 1;
    this.keys = [1, 2, 3, 4].map((k) => mix32((key ^ Math.imul(k, 0x9e3779b9)) >>> 0));
  }

  forward(x: number): number {
    do x = this.encrypt(x);
    while (x >= this.size);
    return x;
  }

  inverse(y: number): number {
    do y = this.decrypt(y);
    while (y >= this.size);
    return y;
  }

  private encrypt(x: number): number {
    let l = x >>> this.half;
    let r = x & this.mask;
    for (const k of this.keys) [l, r] = [r, (l ^ mix32((r ^ k) >>> 0)) & this.mask];
    return (l << this.half) | r;
  }

  private decrypt(y: number): number {
    let l = y >>> this.half;
    let r = y & this.mask;
    for (let i = this.keys.length - 1; i >= 0; i--) [l, r] = [(r ^ mix32((l ^ this.keys[i]!) >>> 0)) & this.mask, l];
    return (l << this.half) | r;
  }
}

/** A 32-bit key for `seed` (any safe integer) and a purpose. */
export function keyFor(seed: number, salt: number): number {
  return mix32((mix32(seed >>> 0) ^ mix32(Math.floor(seed / 2 ** 32) >>> 0) ^ Math.imul(salt, 0x85ebca6b)) >>> 0);
}
