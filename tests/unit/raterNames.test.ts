import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import type { AnalysisJson } from "../../shared/schema/analysisJson";
import { nameRaters, raterDisplayName } from "../../shared/schema/raterNames";
import { setRaterName, setRating } from "../../shared/schema/ratingsDoc";
import { checkRaterNameWrite } from "../../shared/validation/raterNameWrites";

describe("raterDisplayName", () => {
  it("takes the account name over whatever name the ratings carry", () => {
    expect(raterDisplayName("u1", "mal3", "lena")).toBe("mal3");
  });
  it("keeps the stored name only for a rater without an account, else the id", () => {
    expect(raterDisplayName("u1", undefined, "imported analyst")).toBe("imported analyst");
    expect(raterDisplayName("u1", null, "")).toBe("u1");
  });
  it("names every rater of a JSON view", () => {
    const analysis = {
      ratings: { u1: { name: "lena", cells: { k: "C" } }, u2: { name: "stranger", cells: {} } },
    } as unknown as AnalysisJson;
    expect(nameRaters(analysis, { u1: "mal3" }).ratings).toEqual({
      u1: { name: "mal3", cells: { k: "C" } },
      u2: { name: "stranger", cells: {} },
    });
  });
});

describe("checkRaterNameWrite", () => {
  const judge = (write: (doc: Y.Doc) => void, own = "mal3") => {
    const doc = new Y.Doc();
    setRaterName(doc, "mal3");
    let verdict: ReturnType<typeof checkRaterNameWrite> = null;
    doc.transact((tr) => {
      write(doc);
      verdict = checkRaterNameWrite(doc, tr, own);
    });
    return verdict;
  };
  it("refuses another member's name", () => {
    expect(judge((doc) => setRaterName(doc, "lena"))).toEqual({
      path: "meta.name",
      message: "a rater's name is their own account name only",
    });
  });
  it("admits the writer's own name, no name, and writes that leave the name alone", () => {
    expect(judge((doc) => setRaterName(doc, "mal3"))).toBeNull();
    expect(judge((doc) => doc.getMap("meta").delete("name"))).toBeNull();
    // A name stored before a rename is not the writer's to answer for until they touch it.
    expect(judge((doc) => setRating(doc, "e1", "h1", "C"), "mal3 renamed")).toBeNull();
  });
});
