import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { afterEach, describe, expect, it } from "vitest";
import { RedisFanout } from "../../server/fanout/RedisFanout";
import type { RoomMessage } from "../../server/sync/Fanout";
import { TEST_REDIS_URL } from "./helpers/clusterNode";
import { startTcpProxy } from "./helpers/tcpProxy";
import { waitFor } from "./helpers/waitFor";

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const open = async (keyPrefix: string, url = TEST_REDIS_URL) => {
  const fanout = await RedisFanout.connect({ url, keyPrefix });
  cleanups.push(() => fanout.close());
  return fanout;
};

/** Counts the Redis messages to `fanout`'s inbox, as a second subscriber sees them. */
async function countInboxMessages(keyPrefix: string, fanout: RedisFanout): Promise<() => number> {
  const spy = new Redis(TEST_REDIS_URL);
  cleanups.push(() => spy.quit());
  let count = 0;
  spy.on("messageBuffer", () => {
    count += 1;
  });
  await spy.subscribe(`${keyPrefix}inbox:${fanout.instanceId}`);
  return () => count;
}

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

  it("sends one Redis message per event-loop turn for all rooms, delivered to each room in order", async () => {
    const prefix = `test:${randomBytes(6).toString("hex")}:`;
    const [a, b] = [await open(prefix), await open(prefix)];
    const messages = await countInboxMessages(prefix, b);
    const toA = await countInboxMessages(prefix, a);
    const seen: [string, number][] = [];
    await b.subscribe("x", (message) => seen.push(["x", message.seq]));
    await b.subscribe("y", (message) => seen.push(["y", message.seq]));
    await Promise.all([
      a.publish("x", update(1)),
      a.publish("y", update(1)),
      a.publish("x", update(2)),
      a.publish("not-held", update(1)),
      a.publish("x", update(3)),
    ]);
    await waitFor(() => seen.length === 4 && messages() === 1);
    expect(seen).toEqual([
      ["x", 1],
      ["y", 1],
      ["x", 2],
      ["x", 3],
    ]);
    // Nothing comes back to the sender: Redis never hands A its own batch to read and drop.
    expect(toA()).toBe(0);
  });

  it("learns of instances that start later, and keeps delivering to the others once one is gone", async () => {
    const prefix = `test:${randomBytes(6).toString("hex")}:`;
    const a = await open(prefix);
    const seenByB: number[] = [];
    const b = await open(prefix);
    await b.subscribe("doc", (message) => seenByB.push(message.seq));
    // B said hello once its inbox was subscribed: A's next batch goes there.
    await waitFor(async () => {
      await a.publish("doc", update(seenByB.length + 1));
      return seenByB.length > 0;
    });
    const c = await open(prefix);
    const seenByC: number[] = [];
    await c.subscribe("doc", (message) => seenByC.push(message.seq));
    await b.close();
    await a.publish("doc", update(10));
    await a.publish("doc", update(11));
    await waitFor(() => seenByC.includes(10) && seenByC.includes(11));
  });

  it("hands over peers' messages again once its lost Redis connection is back, and says so", async () => {
    const proxy = await startTcpProxy(6379);
    cleanups.push(() => proxy.close());
    const prefix = `test:${randomBytes(6).toString("hex")}:`;
    const a = await open(prefix, `redis://127.0.0.1:${proxy.port}`);
    const b = await open(prefix);
    let resubscribed = 0;
    a.onResubscribed(() => {
      resubscribed += 1;
    });
    const seen: number[] = [];
    await a.subscribe("doc", (message) => seen.push(message.seq));
    proxy.cut();
    await waitFor(() => !a.connected);
    await b.publish("doc", update(1));
    proxy.restore();
    await waitFor(() => a.connected && resubscribed === 1, 10_000);
    await b.publish("doc", update(2));
    await waitFor(() => seen.includes(2));
    // Published while A was away: lost (the rooms resync on the resubscribed signal).
    expect(seen).toEqual([2]);
  });
});
