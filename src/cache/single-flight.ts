/** At most one run per key at a time in this process: callers arriving meanwhile share its promise. */
export class SingleFlight<R> {
  readonly #running = new Map<string, Promise<R>>();

  /** `joined` is true when the caller shares a run that another caller started. */
  run(key: string, work: () => Promise<R>): { promise: Promise<R>; joined: boolean } {
    const running = this.#running.get(key);
    if (running !== undefined) return { promise: running, joined: true };
    const promise = work().finally(() => this.#running.delete(key));
    this.#running.set(key, promise);
    return { promise, joined: false };
  }

  /** Settles when every run started so far has settled. */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.#running.values()]);
  }
}
