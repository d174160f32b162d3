/** At most one run per key at a time in this process: callers arriving meanwhile share its promise. */
export class SingleFlight<R> {
  readonly #running = new Map<string, Promise<R | undefined>>();

  /**
   * `joined` is true when the caller shares a run that another caller started. A run started by
   * `runMany` may have no value for a key (undefined); one started here always has.
   */
  run(key: string, work: () => Promise<R>): { promise: Promise<R | undefined>; joined: boolean } {
    const running = this.#running.get(key);
    if (running !== undefined) return { promise: running, joined: true };
    const promise = work().finally(() => this.#running.delete(key));
    this.#running.set(key, promise);
    return { promise, joined: false };
  }

  /**
   * Many keys at once: keys already running join their runs, and the others start one shared run
   * of `work` (so one batch load serves them all). Each key's promise settles with the batch.
   */
  runMany(keys: readonly string[], work: (started: string[]) => Promise<Map<string, R>>): Map<string, { promise: Promise<R | undefined>; joined: boolean }> {
    const out = new Map<string, { promise: Promise<R | undefined>; joined: boolean }>();
    const started = new Set<string>();
    for (const key of keys) {
      const running = this.#running.get(key);
      if (running !== undefined) out.set(key, { promise: running, joined: true });
      else started.add(key);
    }
    if (started.size === 0) return out;
    const batch = work([...started]);
    for (const key of started) {
      const promise: Promise<R | undefined> = batch
        .then((values) => values.get(key))
        .finally(() => {
          if (this.#running.get(key) === promise) this.#running.delete(key);
        });
      this.#running.set(key, promise);
      out.set(key, { promise, joined: false });
    }
    return out;
  }

  /** Settles when every run started so far has settled. */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.#running.values()]);
  }
}
