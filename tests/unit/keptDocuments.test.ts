import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { KeptDocuments } from "../../server/workers/KeptDocuments";

/** Stored rows of a document: one update per edit of a map. */
function rowsOf(edits: readonly [string, string][]): Uint8Array[] {
  const doc = new Y.Doc();
  const rows: Uint8Array[] = [];
  doc.on("update", (update: Uint8Array) => rows.push(update));
  for (const [key, value] of edits) doc.getMap("m").set(key, value);
  return rows;
}

const read = (doc: Y.Doc) => doc.getMap("m").toJSON();

describe("KeptDocuments", () => {
  it("applies only the rows added since the last read, and keeps the generation while nothing changed", () => {
    const kept = new KeptDocuments(1 << 20);
    const rows = rowsOf([
      ["a", "1"],
      ["b", "2"],
      ["c", "3"],
    ]);
    const first = kept.read("d", rows.slice(0, 2));
    expect(read(first.doc)).toEqual({ a: "1", b: "2" });
    const same = kept.read(
      "d",
      rows.slice(0, 2).map((row) => row.slice()),
    );
    expect(same.doc).toBe(first.doc);
    expect(same.generation).toBe(first.generation);
    const grown = kept.read("d", rows);
    expect(grown.doc).toBe(first.doc);
    expect(grown.generation).not.toBe(first.generation);
    expect(read(grown.doc)).toEqual({ a: "1", b: "2", c: "3" });
  });

  it("builds the document afresh when its rows were replaced (compaction) or shrank", () => {
    const kept = new KeptDocuments(1 << 20);
    const rows = rowsOf([
      ["a", "1"],
      ["b", "2"],
    ]);
    const first = kept.read("d", rows);
    const folded = kept.read("d", [Y.mergeUpdates(rows)]);
    expect(folded.doc).not.toBe(first.doc);
    expect(read(folded.doc)).toEqual({ a: "1", b: "2" });
    const other = kept.read("d", rowsOf([["x", "9"]]));
    expect(read(other.doc)).toEqual({ x: "9" });
  });

  it("keeps no more stored bytes than its budget, dropping the least recently read", () => {
    const rows = rowsOf([["a", "1"]]);
    const size = rows[0]?.byteLength ?? 0;
    const kept = new KeptDocuments(size * 2);
    const a = kept.read("a", rows);
    kept.read("b", rows);
    expect(kept.read("a", rows).doc).toBe(a.doc);
    kept.read("c", rows);
    expect(kept.read("a", rows).doc).toBe(a.doc);
    const tooBig = new KeptDocuments(size - 1);
    expect(tooBig.read("a", rows).doc).not.toBe(tooBig.read("a", rows).doc);
  });
});
