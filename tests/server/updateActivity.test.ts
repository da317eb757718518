/**
 * An edit's update and its activity entries are one store transaction: both stored or neither.
 * A trigger makes inserting an entry labelled "boom" fail, standing in for any failure mid-commit.
 */
import { join } from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import type { ActivityStore } from "../../server/store/ActivityStore";
import type { DocumentStore } from "../../server/store/DocumentStore";
import { openSqliteStore } from "../../server/store/sql/SqlStore";
import type { ActivityInput } from "../../shared/history/activity";
import { openTestPostgresStore, TEST_DATABASE_URL } from "./helpers/postgres";
import { makeTempDir } from "./helpers/tempDir";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const entry = (label: string, coalesceKey: string | null = null): ActivityInput => ({
  analysisId: "a1",
  docName: "a1",
  userId: "ann",
  userName: "Ann",
  at: new Date().toISOString(),
  kind: "meta",
  action: "changed",
  target: null,
  field: "title",
  before: null,
  after: label,
  label,
  coalesceKey,
});

type Store = DocumentStore & ActivityStore;

const logLength = async (store: Store) => (await store.loadDocument("a1")).updates.length;
const labels = async (store: Store) =>
  (await store.listActivity("a1", { limit: 50 })).map((e) => `${e.label}×${e.count}`).reverse();

/**
 * The behaviour both databases share. `breakInserts` installs a trigger: inserting the entry
 * labelled "boom" then fails after the update row and another entry went in.
 */
async function storesTogether(store: Store, breakInserts: () => Promise<unknown> | unknown): Promise<void> {
  await store.appendUpdate("a1", new Uint8Array([1]), { userId: "ann", activity: [entry("first", "k")] });
  await store.appendUpdate("a1", new Uint8Array([2]), { userId: "ann", activity: [entry("again", "k")] });
  expect(await logLength(store)).toBe(2);
  // The coalescing rule of appendActivity applies: one entry, counted twice, with the newer label.
  expect(await labels(store)).toEqual(["again×2"]);

  await breakInserts();
  await expect(
    store.appendUpdate("a1", new Uint8Array([3]), {
      userId: "ann",
      activity: [entry("fine"), entry("boom")],
    }),
  ).rejects.toThrow();
  expect(await logLength(store)).toBe(2);
  expect(await labels(store)).toEqual(["again×2"]);
}

describe("an update and its activity entries", () => {
  it("are stored together or not at all (SQLite), also when appends share a group commit", async () => {
    const dir = await makeTempDir();
    cleanups.push(() => dir.remove());
    const store = await openSqliteStore({ location: { dataDir: dir.path } });
    cleanups.push(() => store.close());
    const raw = new Database(join(dir.path, "ach.sqlite"));
    cleanups.push(() => {
      raw.close();
    });
    const breakInserts = () =>
      raw.exec(`CREATE TRIGGER IF NOT EXISTS boom BEFORE INSERT ON activity WHEN NEW.label = 'boom'
        BEGIN SELECT RAISE(ABORT, 'boom'); END`);
    await storesTogether(store, breakInserts);
    // The first append of a turn commits at once; the next two share one transaction and fail together.
    await new Promise((resolve) => setImmediate(resolve));
    const first = store.appendUpdate("a1", new Uint8Array([4]), {
      userId: "ann",
      activity: [entry("alone")],
    });
    const second = store.appendUpdate("a1", new Uint8Array([5]), {
      userId: "ann",
      activity: [entry("fine")],
    });
    const third = store.appendUpdate("a1", new Uint8Array([6]), { userId: "ann", activity: [entry("boom")] });
    await expect(first).resolves.toBeGreaterThan(0);
    await expect(second).rejects.toThrow();
    await expect(third).rejects.toThrow();
    expect(await logLength(store)).toBe(3);
    expect(await labels(store)).toEqual(["again×2", "alone×1"]);
  });

  it("are stored together or not at all (PostgreSQL)", async () => {
    const { store, schema, drop } = await openTestPostgresStore();
    cleanups.push(drop);
    const breakInserts = async () => {
      const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await client.connect();
      try {
        await client.query(`CREATE FUNCTION "${schema}".boom() RETURNS trigger LANGUAGE plpgsql AS $$
          BEGIN IF NEW.label = 'boom' THEN RAISE EXCEPTION 'boom'; END IF; RETURN NEW; END $$`);
        await client.query(
          `CREATE TRIGGER boom BEFORE INSERT ON "${schema}".activity FOR EACH ROW EXECUTE FUNCTION "${schema}".boom()`,
        );
      } finally {
        await client.end();
      }
    };
    await storesTogether(store, breakInserts);
    const fine = store.appendUpdate("a1", new Uint8Array([4]), { userId: "ann", activity: [entry("fine")] });
    const boom = store.appendUpdate("a1", new Uint8Array([5]), { userId: "ann", activity: [entry("boom")] });
    await expect(fine).rejects.toThrow();
    await expect(boom).rejects.toThrow();
    expect(await logLength(store)).toBe(2);
    expect(await labels(store)).toEqual(["again×2"]);
  });
});
