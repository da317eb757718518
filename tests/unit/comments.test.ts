import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { AppError } from "../../shared/errors";
import {
  addComment,
  type Comment,
  commentChangeRefusal,
  commentsMap,
  deleteComment,
  listComments,
  openCommentCounts,
  setCommentResolved,
  targetKey,
  threadsFor,
} from "../../shared/schema/comments";

const alice = { userId: "u-alice", name: "Alice", now: "2026-01-01T10:00:00.000Z" };
const bob = { userId: "u-bob", name: "Bob", now: "2026-01-01T11:00:00.000Z" };
const cell = { kind: "cell", evidenceId: "e1", hypothesisId: "h1" } as const;

function sync(a: Y.Doc, b: Y.Doc): void {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
}

describe("comments", () => {
  it("deletes a thread's root with its replies, a reply alone, and refuses an unknown id", () => {
    const doc = new Y.Doc();
    const root = addComment(doc, { target: cell, body: "a" }, alice);
    const reply = addComment(doc, { target: cell, body: "b", replyTo: root }, bob);
    const other = addComment(doc, { target: cell, body: "c" }, bob);
    const reply2 = addComment(doc, { target: cell, body: "d", replyTo: other }, alice);
    deleteComment(doc, reply2);
    // Same timestamps: listComments orders them by their random ids, so compare as sets.
    expect(new Set(listComments(doc).map((c) => c.id))).toEqual(new Set([root, reply, other]));
    deleteComment(doc, root);
    expect(listComments(doc).map((c) => c.id)).toEqual([other]);
    expect(() => deleteComment(doc, "nope")).toThrow(AppError);
  });

  it("threads a comment and its replies on one target with author and time", () => {
    const doc = new Y.Doc();
    const root = addComment(doc, { target: cell, body: "  Why II here?  " }, alice);
    addComment(doc, { target: cell, body: "The video contradicts it", replyTo: root }, bob);
    addComment(doc, { target: { kind: "evidence", id: "e1" }, body: "Source?" }, bob);
    const threads = threadsFor(listComments(doc), cell);
    expect(threads).toHaveLength(1);
    expect(threads[0]?.root).toMatchObject({ body: "Why II here?", author: "u-alice", authorName: "Alice" });
    expect(threads[0]?.root.createdAt).toBe(alice.now);
    expect(threads[0]?.replies.map((r) => r.authorName)).toEqual(["Bob"]);
  });

  it("counts only unresolved threads and keeps who resolved and when", () => {
    const doc = new Y.Doc();
    const root = addComment(doc, { target: cell, body: "a" }, alice);
    addComment(doc, { target: cell, body: "b", replyTo: root }, bob);
    addComment(doc, { target: { kind: "hypothesis", id: "h1" }, body: "c" }, bob);
    expect(openCommentCounts(listComments(doc)).get(targetKey(cell))).toBe(2);
    setCommentResolved(doc, root, true, bob);
    const resolved = listComments(doc).find((c) => c.id === root);
    expect(resolved).toMatchObject({ resolved: true, resolvedBy: "u-bob", resolvedAt: bob.now });
    const counts = openCommentCounts(listComments(doc));
    expect(counts.get(targetKey(cell))).toBeUndefined();
    expect(counts.get("h:h1")).toBe(1);
    setCommentResolved(doc, root, false, alice);
    expect(listComments(doc).find((c) => c.id === root)).toMatchObject({ resolved: false, resolvedBy: null });
  });

  it("refuses empty or oversized bodies, bad targets and replies to another target", () => {
    const doc = new Y.Doc();
    expect(() => addComment(doc, { target: cell, body: "   " }, alice)).toThrow(AppError);
    expect(() => addComment(doc, { target: cell, body: "x".repeat(5_001) }, alice)).toThrow(AppError);
    const bad = { kind: "cell", evidenceId: "e 1", hypothesisId: "h1" } as const;
    expect(() => addComment(doc, { target: bad, body: "hi" }, alice)).toThrow(AppError);
    const root = addComment(doc, { target: cell, body: "hi" }, alice);
    const other = { kind: "evidence", id: "e2" } as const;
    expect(() => addComment(doc, { target: other, body: "no", replyTo: root }, bob)).toThrow(AppError);
    expect(() => addComment(doc, { target: cell, body: "no", replyTo: "c-missing" }, bob)).toThrow(AppError);
  });

  it("keeps HTML in a body as text and skips malformed entries written by another client", () => {
    const doc = new Y.Doc();
    addComment(doc, { target: cell, body: "<img src=x onerror=alert(1)>" }, alice);
    const junk = new Y.Map<unknown>();
    commentsMap(doc).set("junk", junk);
    junk.set("target", { kind: "nope" });
    const list = listComments(doc);
    expect(list).toHaveLength(1);
    expect(list[0]?.body).toBe("<img src=x onerror=alert(1)>");
  });

  it("merges comments written concurrently on two replicas", () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    addComment(a, { target: cell, body: "from a" }, alice);
    addComment(b, { target: cell, body: "from b" }, bob);
    sync(a, b);
    expect(listComments(a).map((c) => c.body)).toEqual(listComments(b).map((c) => c.body));
    expect(listComments(a)).toHaveLength(2);
  });

  describe("who may change a comment", () => {
    const mine: Comment = {
      id: "c1",
      target: cell,
      body: "a",
      author: alice.userId,
      authorName: "Alice",
      createdAt: alice.now,
      resolved: false,
      resolvedBy: null,
      resolvedAt: null,
      replyTo: null,
    };
    const asAlice = { userId: alice.userId, lead: false };
    const asBob = { userId: bob.userId, lead: false };
    const asLead = { userId: "u-lead", lead: true };
    const none = new Set<string>();
    const allowed = (before: Comment | null, after: Comment | null, writer = asBob, roots = none) =>
      commentChangeRefusal(before, after, writer, roots) === null;

    it("lets anyone post in their own name only", () => {
      expect(allowed(null, mine, asAlice)).toBe(true);
      expect(allowed(null, mine, asBob)).toBe(false);
      expect(allowed(null, mine, asLead)).toBe(false);
    });

    it("lets the author or a lead delete, and another's reply go with a root its deleter may delete", () => {
      expect(allowed(mine, null, asAlice)).toBe(true);
      expect(allowed(mine, null, asLead)).toBe(true);
      expect(allowed(mine, null, asBob)).toBe(false);
      const reply = { ...mine, id: "c2", replyTo: "c1" };
      expect(allowed(reply, null, asBob)).toBe(false);
      expect(allowed(reply, null, asBob, new Set(["c1"]))).toBe(true);
    });

    it("lets only the author edit the words, nobody the author, time or thread, anyone move or resolve", () => {
      expect(allowed(mine, { ...mine, body: "b" }, asAlice)).toBe(true);
      expect(allowed(mine, { ...mine, body: "b" }, asBob)).toBe(false);
      expect(allowed(mine, { ...mine, body: "b" }, asLead)).toBe(false);
      expect(allowed(mine, { ...mine, author: bob.userId }, asAlice)).toBe(false);
      expect(allowed(mine, { ...mine, createdAt: bob.now }, asAlice)).toBe(false);
      expect(allowed(mine, { ...mine, replyTo: "c9" }, asAlice)).toBe(false);
      expect(allowed(mine, { ...mine, target: { kind: "evidence", id: "e2" } })).toBe(true);
      const resolved = { ...mine, resolved: true, resolvedAt: bob.now };
      expect(allowed(mine, { ...resolved, resolvedBy: bob.userId })).toBe(true);
      expect(allowed(mine, { ...resolved, resolvedBy: alice.userId })).toBe(false);
      expect(allowed({ ...resolved, resolvedBy: alice.userId }, mine)).toBe(true);
    });
  });
});
