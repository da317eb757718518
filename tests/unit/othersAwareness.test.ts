import { describe, expect, it } from "vitest";
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate } from "y-protocols/awareness";
import * as Y from "yjs";
import { othersAwareness } from "../../client/src/editor/othersAwareness";

describe("othersAwareness", () => {
  it("tells change listeners of other clients' states, not of my own caret moving", () => {
    const mine = new Awareness(new Y.Doc());
    const theirs = new Awareness(new Y.Doc());
    const seen: number[][] = [];
    const listener = (changes: { updated: number[]; added: number[] }) =>
      seen.push([...changes.added, ...changes.updated]);
    const wrapped = othersAwareness(mine);
    wrapped.on("change", listener);

    wrapped.setLocalStateField("cursor", { anchor: 1, head: 1 });
    mine.setLocalStateField("cursor", { anchor: 2, head: 2 });
    expect(seen).toEqual([]);
    expect(wrapped.getLocalState()?.cursor).toEqual({ anchor: 2, head: 2 });
    expect(wrapped.clientID).toBe(mine.clientID);

    theirs.setLocalStateField("cursor", { anchor: 5, head: 5 });
    applyAwarenessUpdate(mine, encodeAwarenessUpdate(theirs, [theirs.clientID]), "remote");
    expect(seen).toEqual([[theirs.clientID]]);
    expect(wrapped.getStates().get(theirs.clientID)?.cursor).toEqual({ anchor: 5, head: 5 });

    wrapped.off("change", listener);
    theirs.setLocalStateField("cursor", { anchor: 6, head: 6 });
    applyAwarenessUpdate(mine, encodeAwarenessUpdate(theirs, [theirs.clientID]), "remote");
    expect(seen).toHaveLength(1);
    mine.destroy();
    theirs.destroy();
  });
});
