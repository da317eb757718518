/** What every DocumentStore does: the update log, compaction, the analysis registry and settings. */
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import type { AnalysisRecord, DocumentStore } from "../../../server/store/DocumentStore";
import type { OpenStore } from "./stores";

const textUpdate = (value: string): Uint8Array => {
  const doc = new Y.Doc();
  doc.getText("t").insert(0, value);
  return Y.encodeStateAsUpdate(doc);
};

const loadText = async (store: DocumentStore, name: string): Promise<string> => {
  const doc = new Y.Doc();
  for (const update of (await store.loadDocument(name)).updates) Y.applyUpdate(doc, update);
  return doc.getText("t").toString();
};

const record = (id: string, createdAt: string): AnalysisRecord => ({
  id,
  title: `Analysis ${id}`,
  createdAt,
  updatedAt: createdAt,
  archived: false,
  createdBy: "u1",
});

export function documentsContract(open: OpenStore): void {
  describe("documents", () => {
    it("commits a burst of appends in at most two transactions, in order, with increasing seqs", async () => {
      const store = await open();
      const before = store.commits;
      const seqs = await Promise.all(
        Array.from({ length: 50 }, (_, i) => store.appendUpdate("d", new Uint8Array([i]), { userId: "u" })),
      );
      expect(store.commits - before).toBeLessThanOrEqual(2);
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
      expect(new Set(seqs).size).toBe(50);
      const loaded = await store.loadDocument("d");
      expect(loaded.updates.map((u) => u[0])).toEqual(Array.from({ length: 50 }, (_, i) => i));
      expect(loaded).toMatchObject({ logCount: 50, logBytes: 50, lastSeq: seqs[49] });
    });

    it("resolves each append with its own row's seq, also when activity entries share the transaction", async () => {
      const store = await open();
      const activity = (label: string) => [
        {
          analysisId: "a1",
          docName: "d",
          userId: "u",
          userName: "U",
          at: "2026-01-01T00:00:00.000Z",
          kind: "meta" as const,
          action: "changed" as const,
          target: null,
          field: "title",
          before: null,
          after: label,
          label,
          coalesceKey: null,
        },
      ];
      const doc = new Y.Doc();
      const updates: Uint8Array[] = [];
      doc.on("update", (update: Uint8Array) => updates.push(update));
      for (const [i, char] of [..."abcdef"].entries()) doc.getText("t").insert(i, char);
      const seqs = await Promise.all(
        updates.map((update, i) =>
          store.appendUpdate("d", update, {
            userId: "u",
            ...(i % 2 === 0 ? { activity: activity(`e${i}`) } : {}),
          }),
        ),
      );
      // Compacting through the seq an append resolved with folds exactly that row and those before it.
      const snapshot = new Y.Doc();
      for (const update of updates.slice(0, 4)) Y.applyUpdate(snapshot, update);
      await store.compact("d", Y.encodeStateAsUpdate(snapshot), seqs[3] ?? 0);
      const loaded = await store.loadDocument("d");
      expect(loaded).toMatchObject({ logCount: 2, lastSeq: seqs[5] });
      expect(loaded.updates.slice(1)).toEqual(updates.slice(4));
      expect(await loadText(store, "d")).toBe("abcdef");
    });

    it("replaces folded log rows with a snapshot and keeps later rows", async () => {
      const store = await open();
      const doc = new Y.Doc();
      const appends: Promise<number>[] = [];
      doc.on("update", (update: Uint8Array) => {
        appends.push(store.appendUpdate("d", update, { userId: null }));
      });
      doc.getText("t").insert(0, "ab");
      doc.getText("t").insert(2, "cd");
      const seqs = await Promise.all(appends);
      const snapshot = Y.encodeStateAsUpdate(doc);
      doc.getText("t").insert(4, "ef");
      await Promise.all(appends);
      await store.compact("d", snapshot, seqs[1] ?? 0);
      const loaded = await store.loadDocument("d");
      expect(loaded.updates).toHaveLength(2);
      expect(loaded.logCount).toBe(1);
      expect(loaded.lastSeq).toBeGreaterThan(seqs[1] ?? 0);
      expect(await loadText(store, "d")).toBe("abcdef");
      expect(await store.documentSize("d")).toBe((loaded.updates[0]?.byteLength ?? 0) + loaded.logBytes);
    });

    it("registers an analysis with its documents atomically and refuses a duplicate id", async () => {
      const store = await open();
      await store.createAnalysis(
        record("a1", "2024-01-01T00:00:00.000Z"),
        new Map([["a1", textUpdate("x")]]),
        { userId: "u1" },
      );
      await store.createAnalysis(record("a2", "2024-02-01T00:00:00.000Z"), new Map(), { userId: "u1" });
      await expect(
        store.createAnalysis(record("a1", "2024-03-01T00:00:00.000Z"), new Map([["a1", textUpdate("y")]]), {
          userId: "u2",
        }),
      ).rejects.toMatchObject({ code: "conflict" });
      expect(await loadText(store, "a1")).toBe("x");
      expect((await store.listAnalyses()).map((a) => a.id)).toEqual(["a2", "a1"]);
      await store.updateAnalysis("a1", { title: "Renamed", archived: true });
      expect(await store.getAnalysis("a1")).toMatchObject({
        title: "Renamed",
        archived: true,
        createdBy: "u1",
      });
      await store.updateAnalysis("a1", { archived: false });
      expect(await store.getAnalysis("a1")).toMatchObject({ title: "Renamed", archived: false });
      await expect(store.updateAnalysis("nope", { title: "x" })).rejects.toMatchObject({ code: "not_found" });
      expect(await store.getAnalysis("nope")).toBeNull();
    });

    it("lists stored documents by name prefix", async () => {
      const store = await open();
      await store.appendUpdate("a1/ratings/u2", textUpdate("x"), { userId: "u2" });
      await store.appendUpdate("a1/ratings/u1", textUpdate("x"), { userId: "u1" });
      await store.appendUpdate("a1/ratings/u1", textUpdate("y"), { userId: "u1" });
      await store.appendUpdate("a1/lead", textUpdate("x"), { userId: "u1" });
      await store.compact("a1_2/ratings/u3", textUpdate("z"), 0);
      expect(await store.listDocuments("a1/ratings/")).toEqual(["a1/ratings/u1", "a1/ratings/u2"]);
      expect(await store.listDocuments("a1")).toEqual([
        "a1/lead",
        "a1/ratings/u1",
        "a1/ratings/u2",
        "a1_2/ratings/u3",
      ]);
    });

    it("stores settings and reports zero size for unknown documents", async () => {
      const store = await open();
      expect(await store.getSetting("seeded")).toBeNull();
      await store.setSetting("seeded", "1");
      await store.setSetting("seeded", "2");
      expect(await store.getSetting("seeded")).toBe("2");
      expect(await store.documentSize("missing")).toBe(0);
      expect(await store.loadDocument("missing")).toEqual({
        updates: [],
        lastSeq: 0,
        logCount: 0,
        logBytes: 0,
      });
    });

    it("commits queued appends on close and rejects every call after it", async () => {
      const store = await open();
      const pending = store.appendUpdate("d", new Uint8Array([1]), { userId: null });
      await store.close();
      await expect(pending).resolves.toBeGreaterThan(0);
      await expect(store.appendUpdate("d", new Uint8Array([2]), { userId: null })).rejects.toMatchObject({
        code: "store_unavailable",
      });
      await expect(store.loadDocument("d")).rejects.toMatchObject({ code: "store_unavailable" });
    });
  });
}
