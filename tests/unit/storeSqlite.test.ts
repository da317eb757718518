import { afterEach, describe, expect, it } from "vitest";
import { openSqliteStore, type SqlStore } from "../../server/store/sql/SqlStore";
import { makeTempDir, type TempDir } from "../server/helpers/tempDir";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function tempDir(): Promise<TempDir> {
  const dir = await makeTempDir();
  cleanups.push(() => dir.remove());
  return dir;
}

async function open(dir: TempDir): Promise<SqlStore> {
  const store = await openSqliteStore({ location: { dataDir: dir.path } });
  cleanups.push(() => store.close());
  return store;
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe("SQLite store", () => {
  it("keeps committed appends after reopening the file", async () => {
    const dir = await tempDir();
    const store = await openSqliteStore({ location: { dataDir: dir.path } });
    await Promise.all([1, 2, 3].map((n) => store.appendUpdate("d", new Uint8Array([n]), { userId: null })));
    await store.close();
    const reopened = await open(dir);
    expect((await reopened.loadDocument("d")).updates.map((u) => u[0])).toEqual([1, 2, 3]);
  });

  it("ignores a compaction older than the stored snapshot", async () => {
    const store = await open(await tempDir());
    await store.compact("d", new Uint8Array([9]), 10);
    await store.compact("d", new Uint8Array([1]), 5);
    expect((await store.loadDocument("d")).updates).toEqual([new Uint8Array([9])]);
  });

  it("commits a lone append at once, before the next turn of the event loop", async () => {
    const dir = await tempDir();
    const store = await open(dir);
    await nextTurn();
    const events: string[] = [];
    setImmediate(() => events.push("next turn"));
    const seq = await store.appendUpdate("d", new Uint8Array([7]), { userId: "u" });
    events.push("committed");
    expect(events).toEqual(["committed"]);
    // Durable already: another connection to the file sees the row.
    const other = await open(dir);
    expect((await other.loadDocument("d")).lastSeq).toBe(seq);
  });

  it("groups the appends that follow a commit in the same turn into one transaction", async () => {
    const store = await open(await tempDir());
    await nextTurn();
    const before = store.commits;
    const first = store.appendUpdate("d", new Uint8Array([0]), { userId: "u" });
    const rest = Array.from({ length: 20 }, (_, i) =>
      store.appendUpdate("d", new Uint8Array([i + 1]), { userId: "u" }),
    );
    expect(store.commits - before).toBe(1);
    await Promise.all([first, ...rest]);
    expect(store.commits - before).toBe(2);
    await nextTurn();
    await store.appendUpdate("d", new Uint8Array([99]), { userId: "u" });
    expect(store.commits - before).toBe(3);
  });
});
