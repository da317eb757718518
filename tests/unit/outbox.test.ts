import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { Outbox } from "../../server/sync/Outbox";
import { encodeSyncUpdate, syncUpdateOf } from "../../server/sync/protocol";

class FakeConnection {
  readonly sent: Uint8Array[] = [];
  send(data: Uint8Array): void {
    this.sent.push(data);
  }
}

/** Independent updates (one client each), setting `k0`, `k1`, … of map `m`. */
function updates(count: number): Uint8Array[] {
  return Array.from({ length: count }, (_, i) => {
    const doc = new Y.Doc();
    doc.getMap("m").set(`k${i}`, i);
    return Y.encodeStateAsUpdate(doc);
  });
}

/** The keys of `m` after applying every message's update to a fresh doc. */
function keysOf(messages: readonly Uint8Array[]): string[] {
  const doc = new Y.Doc();
  for (const message of messages) Y.applyUpdate(doc, syncUpdateOf(message));
  return [...doc.getMap("m").keys()].sort();
}

const microtask = () => Promise.resolve();
const endOfTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe("Outbox", () => {
  it("sends a commit's updates as one message to every connection but their sender", async () => {
    const [a, b] = [new FakeConnection(), new FakeConnection()];
    const outbox = new Outbox(() => [a, b], null);
    const [u0, u1] = updates(2) as [Uint8Array, Uint8Array];
    outbox.committed(u0, a);
    outbox.committed(u1, null);
    await microtask();
    expect(b.sent).toHaveLength(1);
    expect(keysOf(b.sent)).toEqual(["k0", "k1"]);
    expect(keysOf(a.sent)).toEqual(["k1"]);
  });

  it("publishes a flush's committed updates once, as the very message its connections got", async () => {
    const conn = new FakeConnection();
    const published: Uint8Array[] = [];
    const outbox = new Outbox(
      () => [conn],
      (frame) => published.push(frame),
    );
    const [u0, u1] = updates(2) as [Uint8Array, Uint8Array];
    outbox.committed(u0, null);
    outbox.committed(u1, null);
    await microtask();
    expect(published).toHaveLength(1);
    expect(published[0]).toBe(conn.sent[0]);
    expect(keysOf(published)).toEqual(["k0", "k1"]);
  });

  it("still publishes committed updates queued when the room stops, and sends nothing more", async () => {
    const conn = new FakeConnection();
    const published: Uint8Array[] = [];
    const outbox = new Outbox(
      () => [conn],
      (frame) => published.push(frame),
    );
    const [u0, u1] = updates(2) as [Uint8Array, Uint8Array];
    outbox.committed(u0, null);
    outbox.relayed(u1, encodeSyncUpdate(u1));
    outbox.stop();
    await endOfTurn();
    expect(conn.sent).toEqual([]);
    expect(keysOf(published)).toEqual(["k0"]);
  });

  it("relays a peer's message as received and never publishes it again", async () => {
    const conn = new FakeConnection();
    const published: Uint8Array[] = [];
    const outbox = new Outbox(
      () => [conn],
      (frame) => published.push(frame),
    );
    const [u0, u1] = updates(2) as [Uint8Array, Uint8Array];
    const frame = encodeSyncUpdate(u0);
    outbox.relayed(u0, frame);
    await microtask();
    expect(conn.sent).toEqual([frame]);
    expect(conn.sent[0]).toBe(frame);
    expect(published).toEqual([]);
    await endOfTurn();
    // Mixed with a local commit, only the local part is published.
    outbox.relayed(u0, frame);
    outbox.committed(u1, null);
    await microtask();
    expect(keysOf(conn.sent.slice(1))).toEqual(["k0", "k1"]);
    expect(keysOf(published)).toEqual(["k1"]);
  });

  it("sends the commits that follow within one event-loop turn as one message at the end of the turn", async () => {
    const conn = new FakeConnection();
    const outbox = new Outbox(() => [conn], null);
    const [u0, u1, u2, u3] = updates(4) as [Uint8Array, Uint8Array, Uint8Array, Uint8Array];
    outbox.committed(u0, null);
    await microtask();
    expect(conn.sent).toHaveLength(1);
    outbox.committed(u1, null);
    await microtask();
    outbox.committed(u2, null);
    await microtask();
    expect(conn.sent).toHaveLength(1);
    await endOfTurn();
    expect(conn.sent).toHaveLength(2);
    expect(keysOf(conn.sent.slice(1))).toEqual(["k1", "k2"]);
    // A later, quiet turn goes out at once again.
    await endOfTurn();
    outbox.committed(u3, null);
    await microtask();
    expect(conn.sent).toHaveLength(3);
  });
});
