import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { AppError } from "../../shared/errors";
import { Limits } from "../../shared/limits";
import {
  addEvidence,
  addHypothesis,
  addMilestone,
  listEvidence,
  listHypotheses,
  listMilestones,
  moveEvidence,
  moveHypothesis,
  readMeta,
  renameHypothesis,
  setEvidenceArchived,
  setHypothesisArchived,
  updateEvidence,
  updateMeta,
} from "../../shared/schema/contentDoc";
import { orderSequence } from "../../shared/schema/fractionalOrder";
import { getRating, readRatings, setRating } from "../../shared/schema/ratingsDoc";

const actor = { userId: "u1", now: "2026-01-01T00:00:00.000Z" };

function sync(a: Y.Doc, b: Y.Doc): void {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
}

describe("content document", () => {
  it("appends rows with minted order keys in the order given, up to the row limit and no further", () => {
    const doc = new Y.Doc();
    const nextOrder = orderSequence();
    doc.transact(() => {
      for (let i = 0; i < Limits.maxEvidence; i++) {
        addEvidence(doc, { claim: `row ${i}`, id: `e${i}`, index: { order: nextOrder() } }, actor);
      }
    });
    const rows = listEvidence(doc);
    expect(rows).toHaveLength(Limits.maxEvidence);
    expect(rows.slice(0, 3).map((e) => e.claim)).toEqual(["row 0", "row 1", "row 2"]);
    expect(rows.at(-1)?.claim).toBe(`row ${Limits.maxEvidence - 1}`);
    // The limit holds after a bulk build (its fast check counts entries, the exact one near the limit).
    expect(() => addEvidence(doc, { claim: "one too many" }, actor)).toThrow(/at most 5000 evidence rows/);
  });

  it("creates, renames, reorders and archives hypotheses in display order", () => {
    const doc = new Y.Doc();
    const a = addHypothesis(doc, { title: "ISKP cell" }, actor);
    const b = addHypothesis(doc, { title: "NRF collaborators" }, actor);
    const c = addHypothesis(doc, { title: "Retaliation", index: 0 }, actor);
    expect(listHypotheses(doc).map((h) => h.id)).toEqual([c, a, b]);
    renameHypothesis(doc, a, "ISKP cell (claimed)");
    moveHypothesis(doc, c, 2);
    expect(listHypotheses(doc).map((h) => h.title)).toEqual([
      "ISKP cell (claimed)",
      "NRF collaborators",
      "Retaliation",
    ]);
    setHypothesisArchived(doc, b, true);
    expect(listHypotheses(doc).map((h) => h.id)).toEqual([a, c]);
    expect(listHypotheses(doc, { includeArchived: true }).find((h) => h.id === b)?.archived).toBe(true);
  });

  it("stores every evidence field and refuses invalid values naming the field", () => {
    const doc = new Y.Doc();
    const id = addEvidence(
      doc,
      { claim: "GDI video of the raid", type: "imagery_video", date: "2022-11-13" },
      actor,
    );
    updateEvidence(doc, id, {
      credibility: "high",
      reliability: "B",
      infoCredibility: "2",
      url: "https://example.org/v",
    });
    const e = listEvidence(doc)[0];
    expect(e).toMatchObject({
      claim: "GDI video of the raid",
      type: "imagery_video",
      credibility: "high",
      reliability: "B",
    });
    expect(e?.createdBy).toBe("u1");
    expect(() => updateEvidence(doc, id, { date: "13/11/2022" })).toThrow(/date/);
    expect(() => updateEvidence(doc, id, { url: "javascript:alert(1)" })).toThrow(/url/);
    expect(() => updateEvidence(doc, id, { credibility: "extreme" as never })).toThrow(/credibility/);
    expect(() => addEvidence(doc, { claim: "   " }, actor)).toThrow(AppError);
    expect(() => updateEvidence(doc, "nope", { flagged: true })).toThrow(/not found/);
  });

  it("archives rows without deleting them and keeps their ratings", () => {
    const doc = new Y.Doc();
    const ratings = new Y.Doc();
    const h = addHypothesis(doc, { title: "H" }, actor);
    const e = addEvidence(doc, { claim: "E" }, actor);
    setRating(ratings, e, h, "II");
    setEvidenceArchived(doc, e, true);
    expect(listEvidence(doc)).toHaveLength(0);
    expect(listEvidence(doc, { includeArchived: true })).toHaveLength(1);
    expect(getRating(ratings, e, h)).toBe("II");
  });

  it("distinguishes an unrated cell from a neutral one and clears a rating", () => {
    const ratings = new Y.Doc();
    expect(getRating(ratings, "e", "h")).toBeNull();
    setRating(ratings, "e", "h", "N");
    expect(readRatings(ratings)).toEqual({ "e:h": "N" });
    setRating(ratings, "e", "h", null);
    expect(readRatings(ratings)).toEqual({});
  });

  it("validates meta and milestones", () => {
    const doc = new Y.Doc();
    updateMeta(doc, { title: "Raid", question: "Who?" });
    expect(readMeta(doc)).toMatchObject({ title: "Raid", question: "Who?" });
    expect(() => updateMeta(doc, { title: "" })).toThrow(/title/);
    const h = addHypothesis(doc, { title: "H" }, actor);
    addMilestone(doc, { hypothesisId: h, text: "Claim by ISKP" }, actor);
    expect(listMilestones(doc).map((m) => m.text)).toEqual(["Claim by ISKP"]);
    expect(() => addMilestone(doc, { hypothesisId: "missing", text: "x" }, actor)).toThrow(/not found/);
  });

  it("converges when two replicas insert and reorder concurrently", () => {
    type Op =
      | { kind: "add"; index: number }
      | { kind: "move"; from: number; to: number }
      | { kind: "archive"; at: number };
    const op = fc.oneof(
      fc.record({ kind: fc.constant("add" as const), index: fc.nat(10) }),
      fc.record({ kind: fc.constant("move" as const), from: fc.nat(10), to: fc.nat(10) }),
      fc.record({ kind: fc.constant("archive" as const), at: fc.nat(10) }),
    );
    const apply = (doc: Y.Doc, o: Op, n: number): void => {
      const rows = listEvidence(doc, { includeArchived: true });
      if (o.kind === "add") addEvidence(doc, { claim: `row ${n}`, index: o.index }, actor);
      else if (o.kind === "move" && rows.length > 0) {
        const row = rows[o.from % rows.length];
        if (row) moveEvidence(doc, row.id, o.to);
      } else if (o.kind === "archive" && rows.length > 0) {
        const row = rows[o.at % rows.length];
        if (row) setEvidenceArchived(doc, row.id, true);
      }
    };
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), op, fc.boolean()), { maxLength: 40 }), (script) => {
        const a = new Y.Doc();
        const b = new Y.Doc();
        script.forEach(([onA, o, syncNow], n) => {
          apply(onA ? a : b, o, n);
          if (syncNow) sync(a, b);
        });
        sync(a, b);
        const ids = (d: Y.Doc) =>
          listEvidence(d, { includeArchived: true }).map((e) => `${e.id}:${e.archived}`);
        expect(ids(a)).toEqual(ids(b));
        const adds = script.filter(([, o]) => o.kind === "add").length;
        expect(ids(a)).toHaveLength(adds);
      }),
      { numRuns: 200, seed: 42 },
    );
  });
});
