import { describe, expect, it } from "vitest";
import { PeerRoster } from "../../server/fanout/PeerRoster";

const ids = (roster: PeerRoster) => [...roster.entries()].map(([id]) => id).sort();

describe("PeerRoster", () => {
  it("never lists the instance itself", () => {
    const roster = new PeerRoster("me");
    expect(roster.add("me")).toBe(false);
    expect(roster.merge(["me", "b"])).toEqual(["b"]);
    expect(ids(roster)).toEqual(["b"]);
  });

  it("reports only the peers Redis lists that it did not know", () => {
    const roster = new PeerRoster("me");
    roster.add("b");
    expect(roster.merge(["b", "c"])).toEqual(["c"]);
    expect(ids(roster)).toEqual(["b", "c"]);
  });

  it("forgets a peer a publication did not reach, unless it said hello again since that publication", () => {
    const roster = new PeerRoster("me");
    roster.add("b");
    roster.add("c");
    const sentTo = new Map(roster.entries());
    // c came back (hello) while the publication was on its way: the "nobody listened" is stale.
    roster.add("c");
    roster.unreachable("b", sentTo.get("b") ?? -1);
    roster.unreachable("c", sentTo.get("c") ?? -1);
    expect(ids(roster)).toEqual(["c"]);
  });
});
