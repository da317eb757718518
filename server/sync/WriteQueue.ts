/**
 * A room's FIFO of unpersisted writes. Each write is appended to the store at once (the store
 * group-commits a tick's appends) but leaves the FIFO only from the head, once it and everything
 * before it committed: `committed` therefore sees writes in persistence order, and a caller that
 * broadcasts only from there never hands out state a crash could lose. `afterPersisted` is the
 * same barrier for anything else (sync step 2 replies, peers' answers).
 *
 * A failed append is reported per write (the room closes its sender) and retried with backoff;
 * while a retry is scheduled new writes wait for it. After `maxAttempts` consecutive failed rounds
 * the queue gives up (the room resets).
 */
import type { StoredUpdateMeta } from "../store/DocumentStore";

export interface QueuedWrite<O> {
  readonly update: Uint8Array;
  readonly meta: StoredUpdateMeta;
  /** Who sent it (a connection), so a failure can close it and the broadcast can skip it. */
  readonly origin: O | null;
}

export interface WriteQueueOptions<O> {
  readonly append: (update: Uint8Array, meta: StoredUpdateMeta) => Promise<unknown>;
  readonly retryBaseDelayMs: number;
  readonly retryMaxDelayMs: number;
  /** Consecutive failed rounds before `gaveUp`. */
  readonly maxAttempts: number;
  /** The committed head of the FIFO, in order. */
  readonly committed: (writes: readonly QueuedWrite<O>[]) => void;
  /** One write's append failed (every failure, retries included). */
  readonly writeFailed: (write: QueuedWrite<O>) => void;
  /** A round of appends failed and will be retried (`attempt` counts rounds since the last commit). */
  readonly failing: (error: Error, attempt: number) => void;
  /** The first commit after failures. */
  readonly recovered: () => void;
  readonly gaveUp: () => void;
}

interface Entry<O> extends QueuedWrite<O> {
  readonly seq: number;
  status: "queued" | "writing" | "written" | "failed";
}

interface Waiter {
  readonly seq: number;
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
}

export class WriteQueue<O> {
  private entries: Entry<O>[] = [];
  private waiters: Waiter[] = [];
  private appliedSeq = 0;
  private persistedSeq = 0;
  private failures = 0;
  private retryTimer: NodeJS.Timeout | undefined;
  private stopped: Error | null = null;

  constructor(private readonly options: WriteQueueOptions<O>) {}

  /** Writes not yet committed. */
  get size(): number {
    return this.entries.length;
  }

  /** Whether the last round failed and no commit has succeeded since. */
  get failing(): boolean {
    return this.failures > 0;
  }

  /** Nothing queued and no retry scheduled. */
  get idle(): boolean {
    return this.entries.length === 0 && this.retryTimer === undefined;
  }

  /** Sequence number of the last write pushed (compare before and after to see whether one was). */
  get lastSeq(): number {
    return this.appliedSeq;
  }

  push(write: QueuedWrite<O>): void {
    if (this.stopped !== null) return;
    this.appliedSeq += 1;
    const entry: Entry<O> = { ...write, seq: this.appliedSeq, status: "queued" };
    this.entries.push(entry);
    // While a retry is scheduled the store is known to fail: the retry writes this one too.
    if (this.retryTimer === undefined) this.start(entry);
  }

  /** Runs `fn` once everything pushed so far is committed; dropped if the queue stops first. */
  afterPersisted(fn: () => void): void {
    if (this.appliedSeq <= this.persistedSeq) {
      fn();
      return;
    }
    this.waiters.push({ seq: this.appliedSeq, resolve: fn, reject: () => undefined });
  }

  /** Resolves once the write numbered `seq` (default: the last pushed) is committed; rejects if the queue stops first. */
  whenPersisted(seq = this.appliedSeq): Promise<void> {
    if (seq <= this.persistedSeq) return Promise.resolve();
    if (this.stopped !== null) return Promise.reject(this.stopped);
    return new Promise((resolve, reject) => this.waiters.push({ seq, resolve, reject }));
  }

  /** Drops every queued write and rejects the waiters with `error`; later pushes are ignored. */
  stop(error: Error): void {
    if (this.stopped !== null) return;
    this.stopped = error;
    if (this.retryTimer !== undefined) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    const waiters = this.waiters;
    this.waiters = [];
    this.entries = [];
    for (const waiter of waiters) waiter.reject(error);
  }

  private start(entry: Entry<O>): void {
    entry.status = "writing";
    this.options.append(entry.update, entry.meta).then(
      () => {
        entry.status = "written";
        this.commitHead();
      },
      (error: Error) => {
        entry.status = "failed";
        this.fail(entry, error);
      },
    );
  }

  /** Hands on the committed head of the FIFO; stops at the first entry not yet committed. */
  private commitHead(): void {
    if (this.stopped !== null) return;
    const done: Entry<O>[] = [];
    while (this.entries[0]?.status === "written") done.push(this.entries.shift() as Entry<O>);
    const last = done[done.length - 1];
    if (last === undefined) return;
    this.persistedSeq = last.seq;
    const recovered = this.failures > 0 && this.retryTimer === undefined;
    if (recovered) this.failures = 0;
    this.options.committed(done);
    while (this.waiters[0] !== undefined && this.waiters[0].seq <= this.persistedSeq) {
      this.waiters.shift()?.resolve();
    }
    if (recovered) this.options.recovered();
  }

  private fail(entry: Entry<O>, error: Error): void {
    if (this.stopped !== null) return;
    this.options.writeFailed(entry);
    if (this.retryTimer !== undefined) return;
    this.failures += 1;
    this.options.failing(error, this.failures);
    if (this.failures >= this.options.maxAttempts) {
      this.options.gaveUp();
      return;
    }
    const delay = Math.min(
      this.options.retryBaseDelayMs * 2 ** (this.failures - 1),
      this.options.retryMaxDelayMs,
    );
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      for (const pending of this.entries) {
        if (pending.status === "failed" || pending.status === "queued") this.start(pending);
      }
    }, delay);
  }
}
