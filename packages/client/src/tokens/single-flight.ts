/**
 * Shares one in-flight asynchronous task among all concurrent callers: while a task runs, `run` returns
 * the same promise; once it settles the next `run` starts a new task. One instance per resource.
 *
 * @example
 * ```ts
 * const flight = new SingleFlight<Token>();
 * const [a, b] = await Promise.all([flight.run(fetchToken), flight.run(fetchToken)]); // one fetchToken call
 * ```
 */
export class SingleFlight<T> {
  #pending: Promise<T> | undefined;

  /** The task in flight, if any. */
  get pending(): Promise<T> | undefined {
    return this.#pending;
  }

  /** Joins the task in flight, or starts `task` when none is. */
  run(task: () => Promise<T>): Promise<T> {
    if (this.#pending !== undefined) return this.#pending;
    const promise = Promise.resolve()
      .then(task)
      .finally(() => {
        if (this.#pending === promise) this.#pending = undefined;
      });
    this.#pending = promise;
    return promise;
  }
}
