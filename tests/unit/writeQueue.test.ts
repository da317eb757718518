import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { StoredUpdateMeta } from "../../server/store/DocumentStore";
import { type QueuedWrite, WriteQueue, type WriteQueueOptions } from "../../server/sync/WriteQueue";

/** A store whose appends the test commits or fails one by one, in any order. */
class FakeStore {
  readonly calls: { update: Uint8Array; resolve: () => void; reject: (error: Error) => void }[] = [];
  readonly stored: number[] = [];

  append = (update: Uint8Array, _meta: StoredUpdateMeta): Promise<unknown> =>
    new Promise<void>((resolve, reject) => {
      this.calls.push({
        update,
        resolve: () => {
          this.stored.push(update[0] ?? -1);
          resolve();
        },
        reject,
      });
    });

  commit(index: number): void {
    this.calls[index]?.resolve();
  }
}

const settle = () => new Promise((resolve) => setImmediate(resolve));
const write = (n: number, origin: string | null = null): QueuedWrite<string> => ({
  update: new Uint8Array([n]),
  meta: { userId: null },
  origin,
});

function queue(store: FakeStore, overrides: Partial<WriteQueueOptions<string>> = {}) {
  const broadcast: number[] = [];
  const events: string[] = [];
  const q = new WriteQueue<string>({
    append: store.append,
    retryBaseDelayMs: 100,
    retryMaxDelayMs: 400,
    maxAttempts: 3,
    committed: (writes) => {
      for (const w of writes) broadcast.push(w.update[0] ?? -1);
    },
    writeFailed: (w) => events.push(`closed ${w.origin}`),
    failing: (_error, attempt) => events.push(`failing ${attempt}`),
    recovered: () => events.push("recovered"),
    gaveUp: () => events.push("gave up"),
    ...overrides,
  });
  return { q, broadcast, events };
}

describe("WriteQueue", () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] }));
  afterEach(() => vi.useRealTimers());

  it("hands on writes in persistence order and nothing before it is committed", async () => {
    const store = new FakeStore();
    const { q, broadcast } = queue(store);
    for (let n = 1; n <= 3; n++) q.push(write(n));
    expect(store.calls).toHaveLength(3);
    // The store commits the second and third first: nothing may go out ahead of the first.
    store.commit(2);
    store.commit(1);
    await settle();
    expect(broadcast).toEqual([]);
    expect(q.size).toBe(3);
    store.commit(0);
    await settle();
    expect(broadcast).toEqual([1, 2, 3]);
    expect(broadcast).toEqual(store.stored.slice().sort());
    expect(q.size).toBe(0);
    expect(q.idle).toBe(true);
  });

  it("runs step-1 replies only once everything applied before them is committed", async () => {
    const store = new FakeStore();
    const { q } = queue(store);
    const sent: string[] = [];
    q.afterPersisted(() => sent.push("reply before any write"));
    q.push(write(1));
    q.afterPersisted(() => sent.push("reply after write 1"));
    q.push(write(2));
    expect(sent).toEqual(["reply before any write"]);
    store.commit(0);
    await settle();
    expect(sent).toEqual(["reply before any write", "reply after write 1"]);
    const second = q.whenPersisted();
    store.commit(1);
    await expect(second).resolves.toBeUndefined();
  });

  it("retries failed writes with backoff, closing each sender, and recovers in order", async () => {
    const store = new FakeStore();
    const { q, broadcast, events } = queue(store);
    q.push(write(1, "alice"));
    q.push(write(2, "bob"));
    store.calls[0]?.reject(new Error("disk full"));
    store.calls[1]?.reject(new Error("disk full"));
    await settle();
    expect(events).toEqual(["closed alice", "failing 1", "closed bob"]);
    expect(q.failing).toBe(true);
    // Written while a retry is scheduled: waits for the retry instead of hitting the failing store.
    q.push(write(3));
    expect(store.calls).toHaveLength(2);
    vi.advanceTimersByTime(100);
    expect(store.calls).toHaveLength(5);
    for (const index of [4, 3, 2]) store.commit(index);
    await settle();
    expect(broadcast).toEqual([1, 2, 3]);
    expect(events.at(-1)).toBe("recovered");
    expect(q.failing).toBe(false);
  });

  it("gives up after maxAttempts failed rounds and rejects whoever waits", async () => {
    const store = new FakeStore();
    const { q, events } = queue(store, {});
    q.push(write(1));
    const waiting = q.whenPersisted();
    for (let round = 0; round < 3; round++) {
      store.calls.at(-1)?.reject(new Error("down"));
      await settle();
      vi.advanceTimersByTime(400);
    }
    expect(events.filter((e) => e.startsWith("failing"))).toEqual(["failing 1", "failing 2", "failing 3"]);
    expect(events.at(-1)).toBe("gave up");
    q.stop(new Error("room reset"));
    await expect(waiting).rejects.toThrow("room reset");
    q.push(write(2));
    expect(q.size).toBe(0);
  });
});
