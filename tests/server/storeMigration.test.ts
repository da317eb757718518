import { afterEach, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { readAllBytes } from "../../server/store/AttachmentStore";
import { migrateStore } from "../../server/store/migrateStore";
import { openSqliteStore } from "../../server/store/sql/SqlStore";
import { openTestPostgresStore } from "./helpers/postgres";
import { makeTempDir } from "./helpers/tempDir";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const now = "2024-05-01T00:00:00.000Z";

async function stateOf(
  store: { loadDocument(name: string): Promise<{ updates: readonly Uint8Array[] }> },
  name: string,
) {
  const doc = new Y.Doc();
  for (const update of (await store.loadDocument(name)).updates) Y.applyUpdate(doc, update);
  return doc;
}

describe("store migration", () => {
  it("copies a SQLite store into PostgreSQL without loss: documents, registry, accounts, history and settings", async () => {
    const dir = await makeTempDir();
    cleanups.push(() => dir.remove());
    const sqlite = await openSqliteStore({ location: { dataDir: dir.path } });
    cleanups.push(() => sqlite.close());

    const content = new Y.Doc();
    content.getText("t").insert(0, "hypotheses");
    await sqlite.createAnalysis(
      { id: "a1", title: "First", createdAt: now, updatedAt: now, archived: false, createdBy: "u1" },
      new Map([["a1", Y.encodeStateAsUpdate(content)]]),
      { userId: "u1" },
    );
    await sqlite.createAnalysis(
      {
        id: "a2",
        title: "Second",
        createdAt: "2024-06-01T00:00:00.000Z",
        updatedAt: now,
        archived: true,
        createdBy: null,
      },
      new Map(),
      { userId: null },
    );
    // Log rows, then a compaction, then more rows: the copy must hold snapshot and tail.
    const ratings = new Y.Doc();
    const seqs: number[] = [];
    for (let i = 0; i < 5; i++) {
      const before = Y.encodeStateVector(ratings);
      ratings.getMap("r").set(`h${i}`, "CC");
      seqs.push(
        await sqlite.appendUpdate("a1/ratings/u1", Y.encodeStateAsUpdate(ratings, before), { userId: "u1" }),
      );
    }
    await sqlite.compact("a1/ratings/u1", Y.encodeStateAsUpdate(ratings), seqs[2] ?? 0);
    ratings.getMap("r").delete("h0");
    await sqlite.appendUpdate("a1/ratings/u1", Y.encodeStateAsUpdate(ratings), { userId: "u1" });
    await sqlite.appendUpdate("a1/lead", Y.encodeStateAsUpdate(content), { userId: "u1" });
    await sqlite.setSetting("sample-created", now);
    await sqlite.createUser({
      id: "u1",
      name: "Ada",
      passwordHash: "scrypt$x",
      admin: true,
      disabled: false,
      createdAt: now,
    });
    await sqlite.createUser({
      id: "u2",
      name: "Bo",
      passwordHash: null,
      admin: false,
      disabled: true,
      createdAt: now,
    });
    await sqlite.createToken({
      id: "t1",
      hash: "h",
      userId: "u1",
      name: "ci",
      createdAt: now,
      expiresAt: null,
    });
    await sqlite.setMember({ analysisId: "a1", userId: "u2", role: "viewer" });
    await sqlite.setMember({ analysisId: "a1", userId: "u1", role: "lead" });

    await sqlite.saveVersion(
      { id: "v1", analysisId: "a1", name: "Approved", kind: "approval", createdBy: "u1", createdAt: now },
      new Map([["a1", Y.encodeStateAsUpdate(content)]]),
    );
    const typing = {
      analysisId: "a1",
      docName: "a1",
      userId: "u1",
      userName: "Ada",
      kind: "evidence" as const,
      action: "edited_text" as const,
      target: "e1",
      field: "notes",
      label: "E1",
    };
    await sqlite.appendActivity([
      { ...typing, at: now, before: "", after: "a", coalesceKey: "u1:e1:notes:0" },
      { ...typing, at: now, before: "a", after: "ab", coalesceKey: "u1:e1:notes:0" },
      { ...typing, at: now, action: "added", field: null, before: null, after: null, coalesceKey: null },
    ]);

    const photo = {
      id: "att1",
      analysisId: "a1",
      owner: { kind: "evidence" as const, id: "e1" },
      name: "photo.png",
      mediaType: "image/png",
      size: 3,
      sha256: "039058c6f2c0cb492c533b0a4d14ef77cc0f78abccced5287d84a1a2011cfb81",
      uploadedBy: "u1",
      uploadedAt: now,
    };
    await sqlite.saveAttachment(photo, new Uint8Array([1, 2, 3]), 1_000);

    const { store: postgres, drop } = await openTestPostgresStore();
    cleanups.push(drop);
    const report = await migrateStore(sqlite, postgres);
    expect(report).toEqual({
      analyses: 2,
      documents: 3,
      settings: 1,
      users: 2,
      tokens: 1,
      memberships: 2,
      versions: 1,
      activity: 2,
      attachments: 1,
    });
    expect(await postgres.listAttachments("a1")).toEqual([photo]);
    const chunks = await postgres.readAttachment("a1", "att1");
    expect([...(chunks ? await readAllBytes(chunks) : [])]).toEqual([1, 2, 3]);

    expect(await postgres.listAnalyses()).toEqual(await sqlite.listAnalyses());
    for (const name of ["a1", "a1/lead", "a1/ratings/u1"]) {
      const [a, b] = [await stateOf(sqlite, name), await stateOf(postgres, name)];
      expect(Buffer.from(Y.encodeStateAsUpdate(b))).toEqual(Buffer.from(Y.encodeStateAsUpdate(a)));
    }
    expect((await stateOf(postgres, "a1/ratings/u1")).getMap("r").toJSON()).toEqual({
      h1: "CC",
      h2: "CC",
      h3: "CC",
      h4: "CC",
    });
    expect(await postgres.listUsers()).toEqual(await sqlite.listUsers());
    expect(await postgres.listTokens("u1")).toEqual(await sqlite.listTokens("u1"));
    expect(await postgres.listMembers("a1")).toEqual(await sqlite.listMembers("a1"));
    expect(await postgres.getSetting("sample-created")).toBe(now);
    expect(await postgres.getVersion("v1")).toEqual(await sqlite.getVersion("v1"));
    const withoutIds = (entries: readonly { id: number }[]) => entries.map(({ id: _id, ...rest }) => rest);
    expect(withoutIds(await postgres.listActivity("a1", { limit: 10 }))).toEqual(
      withoutIds(await sqlite.listActivity("a1", { limit: 10 })),
    );

    await expect(migrateStore(sqlite, postgres)).rejects.toThrow(/not empty/);
  });
});
