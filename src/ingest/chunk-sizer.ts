/**
 * Adaptive chunk size: grows while throughput grows, shrinks on a latency spike, always within
 * bounds. Throughput is rows per millisecond of a chunk's processing and commit; a spike is a
 * chunk whose time per row is more than twice the running average.
 */
export interface ChunkBounds {
  initial: number;
  min: number;
  max: number;
}

/**
 * Capped where bigger chunks stopped raising throughput and began to outlive V8's young generation,
 * raising peak RSS (docs/benchmarks.md, Design measurements).
 */
export const DEFAULT_CHUNK: ChunkBounds = { initial: 1_000, min: 250, max: 2_500 };

export class ChunkSizer {
  size: number;
  private lastRate = 0;
  private avgMsPerRow = 0;
  /** Every size used, for the summary and tests. */
  readonly history: number[] = [];

  constructor(private readonly bounds: ChunkBounds = DEFAULT_CHUNK) {
    if (!(bounds.min > 0 && bounds.min <= bounds.initial && bounds.initial <= bounds.max)) throw new Error('chunk bounds must satisfy 0 < min ≤ initial ≤ max');
    this.size = bounds.initial;
  }

  observe(rows: number, ms: number): void {
    if (rows <= 0) return;
    this.history.push(rows);
    const msPerRow = Math.max(ms, 0.001) / rows;
    const rate = 1 / msPerRow;
    const spike = this.avgMsPerRow > 0 && msPerRow > 2 * this.avgMsPerRow;
    this.avgMsPerRow = this.avgMsPerRow === 0 ? msPerRow : 0.8 * this.avgMsPerRow + 0.2 * msPerRow;
    if (spike) this.size = Math.max(this.bounds.min, Math.floor(this.size / 2));
    else if (rate > this.lastRate * 1.05) this.size = Math.min(this.bounds.max, Math.ceil(this.size * 1.5));
    this.lastRate = rate;
  }
}
