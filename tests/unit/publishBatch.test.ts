import { describe, expect, it } from "vitest";
import { decodeRoomBatch, encodeRoomBatch, type RoomMessage } from "../../server/sync/Fanout";
import { PublishBatch } from "../../server/sync/PublishBatch";

const update = (seq: number): RoomMessage => ({ kind: "update", seq, frame: new Uint8Array([0, 2, 1, seq]) });

/** Every message of `batch` as [docName, message, from]. */
function decoded(batch: Uint8Array, wants: (docName: string) => boolean = () => true) {
  const out: [string, RoomMessage, string][] = [];
  decodeRoomBatch(batch, wants, (docName, message, from) => out.push([docName, message, from]));
  return out;
}

const endOfTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe("PublishBatch", () => {
  it("sends every room's messages of one event-loop turn as one batch, in the order they were published", async () => {
    const sent: Uint8Array[] = [];
    const batch = new PublishBatch("me", async (data) => {
      sent.push(data);
    });
    const done = [
      batch.add("a", update(1)),
      batch.add("b", { kind: "awareness", seq: 1, update: new Uint8Array([7]) }),
      batch.add("a", update(2)),
    ];
    await Promise.resolve();
    batch.add("c", { kind: "syncRequest", seq: 1, stateVector: new Uint8Array([0]) });
    expect(sent).toHaveLength(0);
    await Promise.all(done);
    expect(sent).toHaveLength(1);
    expect(
      decoded(sent[0] as Uint8Array).map(([doc, message, from]) => [doc, message.kind, message.seq, from]),
    ).toEqual([
      ["a", "update", 1, "me"],
      ["b", "awareness", 1, "me"],
      ["a", "update", 2, "me"],
      ["c", "syncRequest", 1, "me"],
    ]);
  });

  it("starts a new batch for the next turn", async () => {
    const sent: Uint8Array[] = [];
    const batch = new PublishBatch("me", async (data) => {
      sent.push(data);
    });
    await batch.add("a", update(1));
    await batch.add("a", update(2));
    expect(sent.map((data) => decoded(data).map(([, message]) => message.seq))).toEqual([[1], [2]]);
  });

  it("sends what is queued at once on flush (before its connection closes), and nothing twice", async () => {
    const sent: Uint8Array[] = [];
    const batch = new PublishBatch("me", async (data) => {
      sent.push(data);
    });
    const done = batch.add("a", update(1));
    await batch.flush();
    expect(sent).toHaveLength(1);
    await done;
    await endOfTurn();
    expect(sent).toHaveLength(1);
  });
});

describe("room batches", () => {
  it("carry each kind's payload, and a sync reply's addressee", () => {
    const messages: RoomMessage[] = [
      update(1),
      { kind: "awareness", seq: 2, update: new Uint8Array([1, 2]) },
      { kind: "syncRequest", seq: 3, stateVector: new Uint8Array([0]) },
      { kind: "syncReply", seq: 4, to: "peer", update: new Uint8Array([0, 0]) },
    ];
    const batch = encodeRoomBatch(
      "me",
      messages.map((message) => ({ docName: "d", message })),
    );
    expect(decoded(batch).map(([, message]) => message)).toEqual(messages);
  });

  it("hand over only the rooms the receiver holds", () => {
    const batch = encodeRoomBatch("me", [
      { docName: "held", message: update(1) },
      {
        docName: "elsewhere",
        message: { kind: "syncReply", seq: 1, to: "x", update: new Uint8Array([0, 0]) },
      },
      { docName: "held", message: update(2) },
    ]);
    expect(
      decoded(batch, (docName) => docName === "held").map(([doc, message]) => [doc, message.seq]),
    ).toEqual([
      ["held", 1],
      ["held", 2],
    ]);
  });
});
