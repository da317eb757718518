import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { transactionStamp } from "../../client/src/hooks/useYValue";

describe("transactionStamp", () => {
  it("moves when a document of the types changes after the first read, and stays while none does", () => {
    const doc = new Y.Doc();
    const meta = doc.getMap("meta");
    const before = transactionStamp([meta]);
    expect(transactionStamp([meta])).toBe(before);
    const other = new Y.Doc();
    other.getMap("meta").set("title", "Raid");
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(other));
    expect(transactionStamp([meta])).not.toBe(before);
  });

  it("counts every document of the types", () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    const types = [a.getMap("m"), b.getArray("list")];
    const before = transactionStamp(types);
    b.getArray<number>("list").push([1]);
    expect(transactionStamp(types)).toBe(before + 1);
  });
});
