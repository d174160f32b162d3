/**
 * Where scrape-time metrics read from: callbacks handed over by whoever owns the thing measured
 * (the app hands over its pool and caches). Several may be registered at once — tests build
 * several apps in one process — and the metrics add them up, as the process's totals.
 */
import type { Counter } from 'prom-client';

export class Sources<T> {
  readonly #reads = new Set<() => T>();

  /** Returns the undo, for the owner to call when it closes. */
  add(read: () => T): () => void {
    // Wrapped, so the same function added twice counts twice and is removed once per undo.
    const entry = () => read();
    this.#reads.add(entry);
    return () => {
      this.#reads.delete(entry);
    };
  }

  read(): T[] {
    return Array.from(this.#reads, (read) => read());
  }
}

/**
 * Copies cumulative totals kept elsewhere into a counter, at scrape time. prom-client counters
 * only go up by `inc`, so the counter is emptied and refilled; a total that went down (a source
 * closed) reads as a counter reset, which `rate()` handles.
 */
export function setCounter<L extends string>(counter: Counter<L>, series: Iterable<{ labels: Partial<Record<L, string | number>>; value: number }>): void {
  counter.reset();
  for (const { labels, value } of series) counter.inc(labels, value);
}
