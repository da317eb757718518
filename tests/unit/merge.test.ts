import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { AppError } from "../../shared/errors";
import { addComment, listComments } from "../../shared/schema/comments";
import { addEvidence, addHypothesis, listEvidence, listHypotheses } from "../../shared/schema/contentDoc";
import {
  finalSurvivor,
  mergeEvidence,
  mergeHypotheses,
  migrateMyRatings,
  readMerges,
} from "../../shared/schema/merge";
import { getRating, readRatings, setRating } from "../../shared/schema/ratingsDoc";

const actor = { userId: "u1", now: "2026-01-01T00:00:00.000Z" };
const author = { ...actor, name: "Ana" };

function matrix() {
  const content = new Y.Doc();
  const h1 = addHypothesis(content, { title: "H1" }, actor);
  const h2 = addHypothesis(content, { title: "H2" }, actor);
  const e1 = addEvidence(content, { claim: "Claim one", source: "kept" }, actor);
  const e2 = addEvidence(content, { claim: "Claim one (dup)", source: "lost" }, actor);
  return { content, h1, h2, e1, e2 };
}

describe("merging duplicates", () => {
  it("archives the loser with mergedInto, keeps the survivor's fields and logs the merge", () => {
    const { content, e1, e2 } = matrix();
    mergeEvidence(content, e1, e2, actor);
    const all = listEvidence(content, { includeArchived: true });
    expect(all.find((e) => e.id === e1)).toMatchObject({ source: "kept", archived: false, mergedInto: null });
    expect(all.find((e) => e.id === e2)).toMatchObject({ archived: true, mergedInto: e1 });
    expect(listEvidence(content).map((e) => e.id)).toEqual([e1]);
    expect(readMerges(content)).toEqual([
      { kind: "evidence", survivorId: e1, loserId: e2, by: "u1", at: actor.now },
    ]);
  });

  it("moves comments on the loser and its cells to the survivor", () => {
    const { content, h1, h2, e1, e2 } = matrix();
    addComment(content, { target: { kind: "hypothesis", id: h2 }, body: "dup?" }, author);
    addComment(content, { target: { kind: "cell", evidenceId: e1, hypothesisId: h2 }, body: "cell" }, author);
    addComment(content, { target: { kind: "evidence", id: e2 }, body: "row" }, author);
    mergeHypotheses(content, h1, h2, actor);
    mergeEvidence(content, e1, e2, actor);
    // Same creation time, so list order falls to the random ids: compare as a set.
    const targets = listComments(content).map((c) => c.target);
    expect(targets).toHaveLength(3);
    expect(targets).toEqual(
      expect.arrayContaining([
        { kind: "hypothesis", id: h1 },
        { kind: "cell", evidenceId: e1, hypothesisId: h1 },
        { kind: "evidence", id: e1 },
      ]),
    );
    expect(listHypotheses(content).map((h) => h.id)).toEqual([h1]);
  });

  it("refuses self-merges, merging an already merged item and merging into a merged item", () => {
    const { content, e1, e2 } = matrix();
    const e3 = addEvidence(content, { claim: "third" }, actor);
    expect(() => mergeEvidence(content, e1, e1, actor)).toThrow(AppError);
    mergeEvidence(content, e1, e2, actor);
    expect(() => mergeEvidence(content, e3, e2, actor)).toThrow(AppError);
    expect(() => mergeEvidence(content, e2, e3, actor)).toThrow(AppError);
    expect(() => mergeEvidence(content, e1, "missing", actor)).toThrow(AppError);
  });

  it("copies my ratings to unrated survivor cells and keeps my survivor rating where both were rated", () => {
    const { content, h1, h2, e1, e2 } = matrix();
    const mine = new Y.Doc();
    setRating(mine, e2, h1, "II");
    setRating(mine, e2, h2, "C");
    setRating(mine, e1, h2, "I");
    mergeEvidence(content, e1, e2, actor);
    expect(migrateMyRatings(content, mine)).toBe(1);
    expect(getRating(mine, e1, h1)).toBe("II");
    expect(getRating(mine, e1, h2)).toBe("I");
    // The loser's cells keep their ratings: nothing is thrown away.
    expect(getRating(mine, e2, h2)).toBe("C");
  });

  it("migrates each merge once, so a cell I clear afterwards stays unrated", () => {
    const { content, h1, e1, e2 } = matrix();
    const mine = new Y.Doc();
    setRating(mine, e2, h1, "CC");
    mergeEvidence(content, e1, e2, actor);
    migrateMyRatings(content, mine);
    setRating(mine, e1, h1, null);
    expect(migrateMyRatings(content, mine)).toBe(0);
    expect(getRating(mine, e1, h1)).toBeNull();
  });

  it("follows a chain of merges to the final survivor, for hypotheses too", () => {
    const { content, h1, h2, e1 } = matrix();
    const h3 = addHypothesis(content, { title: "H3" }, actor);
    const mine = new Y.Doc();
    setRating(mine, e1, h3, "NA");
    mergeHypotheses(content, h2, h3, actor);
    mergeHypotheses(content, h1, h2, actor);
    expect(finalSurvivor(content, "hypothesis", h3)).toBe(h1);
    migrateMyRatings(content, mine);
    expect(readRatings(mine)[`${e1}:${h1}`]).toBe("NA");
  });

  it("lets two analysts migrate their own documents independently after a merge made elsewhere", () => {
    const { content, h1, e1, e2 } = matrix();
    const lead = new Y.Doc();
    Y.applyUpdate(lead, Y.encodeStateAsUpdate(content));
    const ana = new Y.Doc();
    const ben = new Y.Doc();
    setRating(ana, e2, h1, "I");
    setRating(ben, e1, h1, "C");
    setRating(ben, e2, h1, "II");
    mergeEvidence(lead, e1, e2, actor);
    Y.applyUpdate(content, Y.encodeStateAsUpdate(lead));
    migrateMyRatings(content, ana);
    migrateMyRatings(content, ben);
    expect(getRating(ana, e1, h1)).toBe("I");
    expect(getRating(ben, e1, h1)).toBe("C");
  });
});
