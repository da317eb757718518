import { randomBytes } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { RedisFanout } from "../../server/fanout/RedisFanout";
import type { RoomMessage } from "../../server/sync/Fanout";
import { TEST_REDIS_URL } from "./helpers/clusterNode";
import { waitFor } from "./helpers/waitFor";

const opened: RedisFanout[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((fanout) => fanout.close()));
});

const open = async (keyPrefix: string) => {
  const fanout = await RedisFanout.connect({ url: TEST_REDIS_URL, keyPrefix });
  opened.push(fanout);
  return fanout;
};

const update = (seq: number): RoomMessage => ({ kind: "update", seq, frame: new Uint8Array([0, 2, 1, seq]) });

describe("RedisFanout", () => {
  it("hands a room its peers' messages and never its own instance's echo", async () => {
    const prefix = `test:${randomBytes(6).toString("hex")}:`;
    const [a, b] = [await open(prefix), await open(prefix)];
    const seenByA: [number, string][] = [];
    const seenByB: [number, string][] = [];
    await a.subscribe("doc", (message, from) => seenByA.push([message.seq, from]));
    await b.subscribe("doc", (message, from) => seenByB.push([message.seq, from]));
    await a.publish("doc", update(1));
    await waitFor(() => seenByB.length === 1);
    // Redis delivers A's first message to every subscriber before it handles B's publish.
    await b.publish("doc", update(2));
    await waitFor(() => seenByA.length === 1);
    expect(seenByA).toEqual([[2, b.instanceId]]);
    expect(seenByB).toEqual([[1, a.instanceId]]);
  });
});
