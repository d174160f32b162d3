/**
 * Seeded random numbers for Monte Carlo: xoshiro128** (Blackman & Vigna, 2018,
 * https://prng.di.unimi.it/xoshiro128starstar.c) on 32-bit integers, one independent stream per
 * (seed, stream number), so any input's samples can be drawn again exactly without storing them.
 *
 * The state is an Int32Array(4). The generators below copy it into locals, run a tight loop
 * with the generator inlined (no call, closure or allocation per sample) and write it back.
 */

const GOLDEN = 0x9e3779b9 | 0;

/** MurmurHash3's 32-bit finalizer: a bijection on 32-bit integers with full avalanche. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}

/**
 * Seeds `state` for stream `stream` of `seed` (any safe integers). Distinct streams of one seed
 * get distinct starting points: each step of the derivation is a bijection of the stream number.
 */
export function seedStream(state: Int32Array, seed: number, stream: number): void {
  const lo = seed | 0;
  const hi = Math.floor(seed / 2 ** 32) | 0;
  let x = fmix32((lo + GOLDEN) | 0);
  x = fmix32(x ^ hi);
  x = fmix32((x ^ stream) | 0);
  x = fmix32((x ^ Math.floor(stream / 2 ** 32)) | 0);
  // splitmix32-style expansion to the four state words.
  for (let k = 0; k < 4; k++) {
    x = (x + GOLDEN) | 0;
    state[k] = fmix32(x);
  }
  if ((state[0]! | state[1]! | state[2]! | state[3]!) === 0) state[0] = 1; // the all-zero state is a fixed point
}

/** 2^-32: maps a uint32 to [0, 1). */
const INV_2_32 = 2.3283064365386963e-10;
/** 2^-31: maps an int32 to [-1, 1). */
const INV_2_31 = 4.656612873077393e-10;

/** Fills out[0..n) with uniforms in [0, 1) (32-bit resolution). */
export function fillUniforms(state: Int32Array, out: Float64Array, n: number): void {
  let s0 = state[0]!;
  let s1 = state[1]!;
  let s2 = state[2]!;
  let s3 = state[3]!;
  for (let j = 0; j < n; j++) {
    // xoshiro128**: result = rotl(s1 * 5, 7) * 9; then the linear state update.
    let r = Math.imul(s1, 5);
    r = Math.imul((r << 7) | (r >>> 25), 9);
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = (s3 << 11) | (s3 >>> 21);
    out[j] = (r >>> 0) * INV_2_32;
  }
  state[0] = s0;
  state[1] = s1;
  state[2] = s2;
  state[3] = s3;
}

/**
 * Fills out[0..n) with standard normals by Marsaglia's polar method, both outputs of each
 * accepted pair used. For odd n one extra value is written at out[n], so `out` must hold n + 1.
 * (Polar rather than Box–Muller: no sin/cos, faster here despite its 21% rejections: docs/benchmarks.md, Design measurements.)
 */
export function fillStandardNormals(state: Int32Array, out: Float64Array, n: number): void {
  let s0 = state[0]!;
  let s1 = state[1]!;
  let s2 = state[2]!;
  let s3 = state[3]!;
  let j = 0;
  while (j < n) {
    let r = Math.imul(s1, 5);
    r = Math.imul((r << 7) | (r >>> 25), 9);
    let t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = (s3 << 11) | (s3 >>> 21);
    const u = r * INV_2_31;
    r = Math.imul(s1, 5);
    r = Math.imul((r << 7) | (r >>> 25), 9);
    t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = (s3 << 11) | (s3 >>> 21);
    const v = r * INV_2_31;
    const s = u * u + v * v;
    if (s < 1 && s > 0) {
      const f = Math.sqrt((-2 * Math.log(s)) / s);
      out[j] = u * f;
      out[j + 1] = v * f;
      j += 2;
    }
  }
  state[0] = s0;
  state[1] = s1;
  state[2] = s2;
  state[3] = s3;
}
