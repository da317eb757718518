import { describe, expect, it } from "vitest";
import { NO_FILTER, visibleEvidence } from "../../client/src/lib/gridView";
import type { Evidence } from "../../shared/schema/contentDoc";
import { DEFAULT_EVIDENCE_FIELDS } from "../../shared/schema/fields";

const ev = (id: string, patch: Partial<Evidence> = {}): Evidence => ({
  ...DEFAULT_EVIDENCE_FIELDS,
  id,
  claim: `claim ${id}`,
  order: id,
  archived: false,
  createdAt: "",
  createdBy: "",
  mergedInto: null,
  ...patch,
});

describe("grid view", () => {
  const rows = [
    ev("a", { date: "2022-11-12", credibility: "low", type: "eyewitness" }),
    ev("b", { date: "", credibility: "high", flagged: true, type: "official_statement" }),
    ev("c", { date: "2022-11-14", archived: true }),
    ev("d", { date: "2022-11-13", source: "GDI video", credibility: "high" }),
  ];

  it("filters by type, flag, archived state and text in claim or source", () => {
    const ids = (f: Partial<typeof NO_FILTER>) =>
      visibleEvidence(rows, { ...NO_FILTER, ...f }, "order", new Map()).map((e) => e.id);
    expect(ids({})).toEqual(["a", "b", "d"]);
    expect(ids({ showArchived: true })).toEqual(["a", "b", "c", "d"]);
    expect(ids({ type: "eyewitness" })).toEqual(["a"]);
    expect(ids({ flaggedOnly: true })).toEqual(["b"]);
    expect(ids({ text: "gdi" })).toEqual(["d"]);
  });

  it("keeps a row someone has open visible even when it is archived", () => {
    const shown = visibleEvidence(rows, NO_FILTER, "order", new Map(), new Set(["c"]));
    expect(shown.map((e) => e.id)).toEqual(["a", "b", "c", "d"]);
  });

  it("sorts by date with undated rows last, by credibility, and by diagnosticity with unknown last", () => {
    const sorted = (k: Parameters<typeof visibleEvidence>[2], d = new Map<string, number | null>()) =>
      visibleEvidence(rows, NO_FILTER, k, d).map((e) => e.id);
    expect(sorted("date")).toEqual(["d", "a", "b"]);
    expect(sorted("credibility")).toEqual(["b", "d", "a"]);
    expect(sorted("type")).toEqual(["b", "a", "d"]);
    expect(
      sorted(
        "diagnosticity",
        new Map([
          ["a", 0.2],
          ["b", null],
          ["d", 1.1],
        ]),
      ),
    ).toEqual(["d", "a", "b"]);
  });
});
