import { afterEach, describe, expect, it } from "vitest";
import type { AccountStore } from "../../server/store/AccountStore";
import type { DocumentStore } from "../../server/store/DocumentStore";
import { openSqliteStore } from "../../server/store/sql/SqlStore";
import { openTestPostgresStore } from "./helpers/postgres";
import { makeTempDir } from "./helpers/tempDir";

type Store = DocumentStore & AccountStore;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const stores: Record<string, () => Promise<Store>> = {
  sqlite: async () => {
    const dir = await makeTempDir();
    const store = await openSqliteStore({ location: { dataDir: dir.path } });
    cleanups.push(
      () => dir.remove(),
      () => store.close(),
    );
    return store;
  },
  postgres: async () => {
    const { store, drop } = await openTestPostgresStore();
    cleanups.push(drop);
    return store;
  },
};

const record = (id: string, createdBy: string) => ({
  id,
  title: "T",
  createdAt: "2026-01-01T00:00:00Z",
  updatedAt: "2026-01-01T00:00:00Z",
  archived: false,
  createdBy,
});

describe.each(Object.keys(stores))("creating an analysis with its first members (%s)", (kind) => {
  const open = stores[kind] as () => Promise<Store>;

  it("registers the analysis, its documents and its lead together", async () => {
    const store = await open();
    await store.createUser({
      id: "u1",
      name: "ada",
      passwordHash: null,
      admin: false,
      disabled: false,
      createdAt: "2026-01-01T00:00:00Z",
    });
    await store.createAnalysis(
      record("a1", "u1"),
      new Map([["a1", new Uint8Array([0, 0])]]),
      { userId: "u1" },
      [{ analysisId: "a1", userId: "u1", role: "lead" }],
    );
    expect(await store.getMemberRole("a1", "u1")).toBe("lead");
    expect(await store.listDocuments("a1")).toEqual(["a1"]);
  });

  it("stores nothing when a member cannot be stored, so no analysis is left without its lead", async () => {
    const store = await open();
    await expect(
      store.createAnalysis(
        record("a2", "ghost"),
        new Map([["a2", new Uint8Array([0, 0])]]),
        { userId: null },
        [{ analysisId: "a2", userId: "ghost", role: "lead" }],
      ),
    ).rejects.toThrow();
    expect(await store.getAnalysis("a2")).toBeNull();
    expect(await store.listDocuments("a2")).toEqual([]);
  });
});
