/**
 * Group commit: writes queue and are committed together, one transaction per batch and at most one
 * batch in flight, so a burst costs a few commits instead of one per write and writes commit in the
 * order they were queued. Every queued write of the store (update appends, activity) goes through one.
 *
 * `commitWhenIdle` is for a synchronous database (better-sqlite3): a write that finds nothing committed
 * yet in this turn of the event loop commits at once, so a lone edit is not held until the next turn;
 * the writes that follow it in the same turn queue and share one transaction when `delay` elapses.
 */
import { storeClosed } from "./sql/SqlDriver";

export interface GroupCommitOptions<T, R> {
  /** Writes a batch in one transaction; resolves with one result per item, in order (none for void). */
  readonly commit: (batch: readonly T[]) => Promise<readonly R[] | undefined>;
  /** When a queued batch is written: at the end of the current callback, on the next turn, or after ms. */
  readonly delay: "microtask" | "immediate" | number;
  readonly commitWhenIdle?: boolean;
}

interface Queued<T, R> {
  readonly item: T;
  readonly resolve: (result: R) => void;
  readonly reject: (error: Error) => void;
}

export class GroupCommit<T, R> {
  /** Transactions started (observability and tests). */
  commits = 0;
  private queue: Queued<T, R>[] = [];
  private scheduled = false;
  /** A commit ran in this turn (commitWhenIdle): further writes queue until `delay` elapses. */
  private hot = false;
  private inFlight: Promise<void> | null = null;
  private closed = false;

  constructor(private readonly options: GroupCommitOptions<T, R>) {}

  /** Queues one write; settles once its transaction has committed or failed. */
  add(item: T): Promise<R> {
    if (this.closed) return Promise.reject(storeClosed());
    return new Promise((resolve, reject) => {
      const queued = { item, resolve, reject };
      if (this.options.commitWhenIdle && !this.hot) {
        this.hot = true;
        this.schedule();
        void this.run([queued]);
        return;
      }
      this.queue.push(queued);
      this.schedule();
    });
  }

  /** Refuses new writes, then commits what is queued and waits for the commit in flight. */
  async close(): Promise<void> {
    this.closed = true;
    while (this.inFlight !== null || this.queue.length > 0) await (this.inFlight ?? this.flush());
  }

  private schedule(): void {
    if (this.scheduled || (this.inFlight !== null && !this.options.commitWhenIdle)) return;
    this.scheduled = true;
    const fire = () => {
      this.scheduled = false;
      this.hot = false;
      void this.flush();
    };
    const { delay } = this.options;
    if (delay === "microtask") queueMicrotask(fire);
    else if (delay === "immediate") setImmediate(fire);
    else setTimeout(fire, delay);
  }

  private flush(): Promise<void> {
    const batch = this.queue;
    this.queue = [];
    return batch.length === 0 ? Promise.resolve() : this.run(batch);
  }

  private run(batch: readonly Queued<T, R>[]): Promise<void> {
    this.commits += 1;
    const done = this.options
      .commit(batch.map((queued) => queued.item))
      .then(
        (results) => {
          for (const [index, queued] of batch.entries()) queued.resolve(results?.[index] as R);
        },
        (error: Error) => {
          for (const queued of batch) queued.reject(error);
        },
      )
      .finally(() => {
        if (this.inFlight === done) this.inFlight = null;
        if (this.queue.length > 0) this.schedule();
      });
    this.inFlight = done;
    return done;
  }
}
