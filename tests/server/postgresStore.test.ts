import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { freePort } from "../../bench/lib/freePort";
import { openBackends } from "../../server/openBackends";
import { openPostgresStore } from "../../server/store/sql/SqlStore";
import { POSTGRES_MIGRATIONS } from "../../server/store/postgresMigrations";
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

const textOf = async (store: PostgresStore, name: string): Promise<string> => {
  const doc = new Y.Doc();
  for (const update of (await store.loadDocument(name)).updates) Y.applyUpdate(doc, update);
  return doc.getText("t").toString();
};

describe("PostgresStore", () => {
  it("stamps a new schema with the latest version and refuses one from a newer build", async () => {
    const { store, schema } = await open();
    expect(store.schemaVersion).toBe(POSTGRES_MIGRATIONS.length);
    const newer = await openPostgresStore({
      connectionString: TEST_DATABASE_URL,
      schema,
      migrations: [...POSTGRES_MIGRATIONS, async () => undefined],
    });
    await newer.close();
    await expect(openPostgresStore({ connectionString: TEST_DATABASE_URL, schema })).rejects.toThrow(
      /newer than this build/,
    );
  });

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

  it("keeps users, sessions, tokens and memberships, with names unique regardless of case", async () => {
    const { store } = await open();
    const now = "2024-01-01T00:00:00.000Z";
    await store.createUser({
      id: "u1",
      name: "Ada",
      passwordHash: null,
      admin: true,
      disabled: false,
      createdAt: now,
    });
    await store.createUser({
      id: "u2",
      name: "bob",
      passwordHash: "x",
      admin: false,
      disabled: false,
      createdAt: now,
    });
    await expect(
      store.createUser({
        id: "u3",
        name: "ADA",
        passwordHash: null,
        admin: false,
        disabled: false,
        createdAt: now,
      }),
    ).rejects.toMatchObject({ code: "conflict" });
    expect((await store.getUserByName("ada"))?.id).toBe("u1");
    await store.updateUser("u2", { disabled: true });
    expect(await store.getUser("u2")).toMatchObject({ disabled: true, passwordHash: "x", admin: false });
    await expect(store.updateUser("nope", { admin: true })).rejects.toMatchObject({ code: "not_found" });
    expect((await store.listUsers()).map((u) => u.name)).toEqual(["Ada", "bob"]);
    expect(await store.listUsers()).toHaveLength(2);

    await store.createSession({ idHash: "s1", userId: "u1", createdAt: now, expiresAt: now });
    await store.createSession({ idHash: "s2", userId: "u1", createdAt: now, expiresAt: now });
    await store.deleteUserSessions("u1", "s2");
    expect(await store.getSession("s1")).toBeNull();
    expect(await store.getSession("s2")).toMatchObject({ userId: "u1" });

    await store.createToken({
      id: "t1",
      hash: "h1",
      userId: "u1",
      name: "ci",
      createdAt: now,
      expiresAt: null,
    });
    expect(await store.getTokenByHash("h1")).toMatchObject({ id: "t1", expiresAt: null });
    expect(await store.deleteToken("u2", "t1")).toBe(false);
    expect(await store.deleteToken("u1", "t1")).toBe(true);

    await store.createAnalysis(
      { id: "a1", title: "A", createdAt: now, updatedAt: now, archived: false, createdBy: "u1" },
      new Map(),
      { userId: "u1" },
    );
    await store.setMember({ analysisId: "a1", userId: "u2", role: "viewer" });
    await store.setMember({ analysisId: "a1", userId: "u1", role: "lead" });
    await store.setMember({ analysisId: "a1", userId: "u2", role: "analyst" });
    expect(await store.listMembers("a1")).toEqual([
      { analysisId: "a1", userId: "u2", role: "analyst" },
      { analysisId: "a1", userId: "u1", role: "lead" },
    ]);
    expect(await store.removeMember("a1", "u2")).toBe(true);
    expect(await store.getMemberRole("a1", "u2")).toBeNull();
    expect(await store.listMemberships("u1")).toEqual([{ analysisId: "a1", userId: "u1", role: "lead" }]);
  });

  it("keeps versions and an activity feed that folds coalesced entries", async () => {
    const { store } = await open();
    const at = "2024-01-01T00:00:00.000Z";
    const version = {
      id: "v1",
      analysisId: "a1",
      name: "Named",
      kind: "named" as const,
      createdBy: "u1",
      createdAt: at,
    };
    await store.saveVersion(version, new Map([["a1", new Uint8Array([1, 2])]]));
    await expect(store.saveVersion(version, new Map())).rejects.toMatchObject({ code: "conflict" });
    expect(await store.getVersion("v1")).toEqual({
      record: version,
      documents: new Map([["a1", new Uint8Array([1, 2])]]),
    });
    expect(await store.listVersions("a1")).toEqual([version]);

    const base = {
      analysisId: "a1",
      docName: "a1",
      userName: "Ada",
      kind: "evidence" as const,
      target: "e1",
      label: "E1",
    };
    await Promise.all([
      store.appendActivity([
        {
          ...base,
          userId: "u1",
          at,
          action: "edited_text",
          field: "notes",
          before: "",
          after: "a",
          coalesceKey: "k",
        },
      ]),
      store.appendActivity([
        {
          ...base,
          userId: "u1",
          at: "2024-01-01T00:00:30.000Z",
          action: "edited_text",
          field: "notes",
          before: "a",
          after: "ab",
          coalesceKey: "k",
        },
        {
          ...base,
          userId: "u2",
          at,
          action: "added",
          field: null,
          before: null,
          after: null,
          coalesceKey: null,
        },
      ]),
    ]);
    const all = await store.listActivity("a1", { limit: 10 });
    expect(all.map((e) => [e.userId, e.count, e.before, e.after])).toEqual([
      ["u2", 1, null, null],
      ["u1", 2, "", "ab"],
    ]);
    expect((await store.listActivity("a1", { limit: 10, userId: "u1" })).length).toBe(1);
    expect(
      (await store.listActivity("a1", { limit: 10, beforeId: all[0]?.id ?? 0 })).map((e) => e.userId),
    ).toEqual(["u1"]);
    expect(await store.lastActivityAt("a1")).toBe("2024-01-01T00:00:30.000Z");
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
