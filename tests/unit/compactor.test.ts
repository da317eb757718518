import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { StoredDocument } from "../../server/store/DocumentStore";
import { COMPACT_FORCE_FACTOR, Compactor } from "../../server/sync/Compactor";
import { captureLogger } from "../server/helpers/captureLogger";

/** A store holding `rows` log rows of 10 bytes; compact() records what it was given. */
class FakeStore {
  rows = 0;
  failCompact = false;
  readonly compactions: { throughSeq: number; snapshot: Uint8Array }[] = [];

  async loadDocument(): Promise<StoredDocument> {
    return {
      updates: Array.from({ length: this.rows }, () => new Uint8Array(10)),
      lastSeq: this.rows,
      logCount: this.rows,
      logBytes: this.rows * 10,
    };
  }

  async compact(_name: string, snapshot: Uint8Array, throughSeq: number): Promise<void> {
    if (this.failCompact) throw new Error("disk full");
    this.compactions.push({ snapshot, throughSeq });
    this.rows = 0;
  }
}

const settle = async () => {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
};
const empty: StoredDocument = { updates: [], lastSeq: 0, logCount: 0, logBytes: 0 };

function compactor(store: FakeStore) {
  let settled = 0;
  const c = new Compactor({
    name: "doc",
    store,
    logger: captureLogger(),
    fold: async (updates) => new Uint8Array(updates.length),
    maxUpdates: 10,
    maxBytes: 1_000_000,
    quietMs: 1_000,
    failureBackoffMs: 5_000,
    isReady: () => true,
    settled: () => {
      settled += 1;
    },
  });
  return { c, settledCount: () => settled };
}

/** Commits `count` rows of 10 bytes, as the write queue reports them. */
function append(store: FakeStore, c: Compactor, count: number): void {
  store.rows += count;
  c.appended(Array.from({ length: count }, () => 10));
}

describe("Compactor", () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] }));
  afterEach(() => vi.useRealTimers());

  it("folds the log once it passes a threshold and edits have paused for the quiet period", async () => {
    const store = new FakeStore();
    const { c, settledCount } = compactor(store);
    c.loaded(empty, false);
    append(store, c, 10);
    vi.advanceTimersByTime(5_000);
    expect(store.compactions).toHaveLength(0);
    append(store, c, 1);
    vi.advanceTimersByTime(900);
    // Another commit inside the quiet period postpones it.
    append(store, c, 1);
    vi.advanceTimersByTime(900);
    expect(c.busy).toBe(false);
    vi.advanceTimersByTime(100);
    expect(c.busy).toBe(true);
    await settle();
    expect(store.compactions).toEqual([{ throughSeq: 12, snapshot: new Uint8Array(12) }]);
    expect(c.busy).toBe(false);
    expect(settledCount()).toBe(1);
  });

  it("compacts at once, without a lull, when the log is far over the threshold", async () => {
    const store = new FakeStore();
    const { c } = compactor(store);
    c.loaded(empty, false);
    append(store, c, COMPACT_FORCE_FACTOR * 10 + 1);
    vi.advanceTimersByTime(0);
    await settle();
    expect(store.compactions).toHaveLength(1);
  });

  it("compacts a freshly loaded document whose dropped orphans must go, even under the thresholds", async () => {
    const store = new FakeStore();
    store.rows = 2;
    const { c } = compactor(store);
    c.loaded(await store.loadDocument(), true);
    vi.advanceTimersByTime(0);
    await settle();
    expect(store.compactions).toHaveLength(1);
  });

  it("waits out a backoff after a failed compaction", async () => {
    const store = new FakeStore();
    store.failCompact = true;
    const { c } = compactor(store);
    c.loaded(empty, false);
    append(store, c, COMPACT_FORCE_FACTOR * 10 + 1);
    vi.advanceTimersByTime(0);
    await settle();
    store.failCompact = false;
    append(store, c, 1);
    vi.advanceTimersByTime(0);
    await settle();
    expect(store.compactions).toHaveLength(0);
    vi.advanceTimersByTime(5_000);
    append(store, c, 1);
    vi.advanceTimersByTime(0);
    await settle();
    expect(store.compactions).toHaveLength(1);
  });
});
