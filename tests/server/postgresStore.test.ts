import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { freePort } from "../../bench/lib/freePort";
import { openBackends } from "../../server/openBackends";
import { openPostgresStore, type SqlStore } from "../../server/store/sql/SqlStore";
import { openTestPostgresStore, TEST_DATABASE_URL } from "./helpers/postgres";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function open(schema?: string) {
  const opened = await openTestPostgresStore(schema === undefined ? {} : { schema });
  cleanups.push(opened.drop);
  return opened;
}

const textOf = async (store: SqlStore, name: string): Promise<string> => {
  const doc = new Y.Doc();
  for (const update of (await store.loadDocument(name)).updates) Y.applyUpdate(doc, update);
  return doc.getText("t").toString();
};

/** What only PostgreSQL does (several instances, a server that can go away); the ports are in storeContracts. */
describe("PostgreSQL store", () => {
  it("loses nothing when two instances compact one document at once, each missing the other's rows", async () => {
    const { store: a, schema } = await open();
    const b = await openPostgresStore({ connectionString: TEST_DATABASE_URL, schema });
    cleanups.push(() => b.close());
    const docA = new Y.Doc();
    const docB = new Y.Doc();
    const seqsA: number[] = [];
    const seqsB: number[] = [];
    for (let i = 0; i < 20; i++) {
      const before = Y.encodeStateVector(docA);
      docA.getText("t").insert(0, "a");
      seqsA.push(await a.appendUpdate("d", Y.encodeStateAsUpdate(docA, before), { userId: "ua" }));
      const beforeB = Y.encodeStateVector(docB);
      docB.getText("t").insert(0, "b");
      seqsB.push(await b.appendUpdate("d", Y.encodeStateAsUpdate(docB, beforeB), { userId: "ub" }));
    }
    // Each snapshot holds only its own instance's edits, yet claims every seq up to its last one.
    await Promise.all([
      a.compact("d", Y.encodeStateAsUpdate(docA), Math.max(...seqsA)),
      b.compact("d", Y.encodeStateAsUpdate(docB), Math.max(...seqsB)),
    ]);
    const text = await textOf(a, "d");
    expect(text.length).toBe(40);
    expect([...text].filter((c) => c === "a").length).toBe(20);
    expect((await a.loadDocument("d")).logCount).toBe(0);
  });

  it("refuses appends while its connections are cut and takes them again without a restart", async () => {
    const { store, schema } = await open();
    await store.appendUpdate("d", new Uint8Array([1]), { userId: null });
    const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await admin.connect();
    cleanups.push(() => admin.end());
    await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1", [
      `ach-workspace:${schema}`,
    ]);
    const afterCut = await store.appendUpdate("d", new Uint8Array([2]), { userId: null }).then(
      () => "stored",
      (error: { code?: string }) => error.code,
    );
    expect(["stored", "store_unavailable"]).toContain(afterCut);
    await store.appendUpdate("d", new Uint8Array([3]), { userId: null });
    const stored = (await store.loadDocument("d")).updates.map((u) => u[0]);
    expect(stored).toEqual(afterCut === "stored" ? [1, 2, 3] : [1, 3]);
  });

  it("fails to start with a message naming DATABASE_URL or REDIS_URL when a backend is unreachable", async () => {
    const port = await freePort();
    await expect(
      openBackends({
        dataDir: "",
        database: { url: `postgres://postgres:secret@127.0.0.1:${port}/test`, schema: "public" },
        redis: null,
      }),
    ).rejects.toThrow(/cannot use PostgreSQL at postgres:\/\/postgres@127\.0\.0\.1:\d+\/test \(DATABASE_URL/);
    const { schema } = await open();
    await expect(
      openBackends({
        dataDir: "",
        database: { url: TEST_DATABASE_URL, schema },
        redis: { url: `redis://127.0.0.1:${port}`, prefix: "x:" },
      }),
    ).rejects.toThrow(/cannot reach Redis at redis:\/\/127\.0\.0\.1:\d+ \(REDIS_URL\)/);
  });
});
