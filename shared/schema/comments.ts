/**
 * Comment threads on a hypothesis, an evidence row or one cell, kept in the content document under
 * `comments` (Y.Map<id, Y.Map>). A thread is a root comment plus the comments whose `replyTo` names it;
 * resolving applies to the root. Bodies are plain text (validated here, rendered as text, never HTML).
 */
import * as Y from "yjs";
import { z } from "zod";
import { AppError } from "../errors";
import { Limits } from "../limits";
import type { Actor } from "./collection";
import { newId } from "./ids";
import { parseOrThrow } from "./validate";

export type CommentTarget =
  | { readonly kind: "hypothesis"; readonly id: string }
  | { readonly kind: "evidence"; readonly id: string }
  | { readonly kind: "cell"; readonly evidenceId: string; readonly hypothesisId: string };

export interface Comment {
  readonly id: string;
  readonly target: CommentTarget;
  readonly body: string;
  readonly author: string;
  readonly authorName: string;
  readonly createdAt: string;
  readonly resolved: boolean;
  readonly resolvedBy: string | null;
  readonly resolvedAt: string | null;
  /** Id of the thread's root comment, or null for a root. */
  readonly replyTo: string | null;
}

/** A comment's author: the actor plus the name shown next to the comment. */
export interface CommentAuthor extends Actor {
  readonly name: string;
}

/** Longest comment body; a comment is a remark, long analysis belongs in notes. */
export const COMMENT_MAX_LENGTH = Limits.commentMaxLength;

const idString = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);

export const commentTargetSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("hypothesis"), id: idString }),
  z.object({ kind: z.literal("evidence"), id: idString }),
  z.object({ kind: z.literal("cell"), evidenceId: idString, hypothesisId: idString }),
]);

export const commentBodySchema = z
  .string()
  .trim()
  .min(1, "must not be empty")
  .max(COMMENT_MAX_LENGTH, `must be at most ${COMMENT_MAX_LENGTH} characters`);

export const commentsMap = (doc: Y.Doc): Y.Map<Y.Map<unknown>> => doc.getMap("comments");

/** One string per target, for grouping and counting (`h:<id>`, `e:<id>`, `c:<evidenceId>:<hypothesisId>`). */
export function targetKey(t: CommentTarget): string {
  switch (t.kind) {
    case "hypothesis":
      return `h:${t.id}`;
    case "evidence":
      return `e:${t.id}`;
    case "cell":
      return `c:${t.evidenceId}:${t.hypothesisId}`;
  }
}

const str = (m: Y.Map<unknown>, key: string): string | null => {
  const v = m.get(key);
  return typeof v === "string" ? v : null;
};

/** Reads one stored comment; null for entries a hostile or older client left malformed. */
export function readComment(id: string, m: Y.Map<unknown>): Comment | null {
  const target = commentTargetSchema.safeParse(m.get("target"));
  const body = str(m, "body");
  if (!target.success || body === null) return null;
  return {
    id,
    target: target.data,
    body: body.slice(0, COMMENT_MAX_LENGTH),
    author: str(m, "author") ?? "",
    authorName: (str(m, "authorName") ?? "").slice(0, Limits.displayNameMaxLength),
    createdAt: str(m, "createdAt") ?? "",
    resolved: m.get("resolved") === true,
    resolvedBy: str(m, "resolvedBy"),
    resolvedAt: str(m, "resolvedAt"),
    replyTo: str(m, "replyTo"),
  };
}

/** Every valid comment, oldest first (ties by id, so every replica lists them alike). */
export function listComments(doc: Y.Doc): Comment[] {
  const out: Comment[] = [];
  commentsMap(doc).forEach((m, id) => {
    if (!(m instanceof Y.Map)) return;
    const c = readComment(id, m);
    if (c) out.push(c);
  });
  return out.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
}

export interface CommentThread {
  readonly root: Comment;
  readonly replies: readonly Comment[];
}

/** Threads on one target, oldest first; replies whose root is missing become roots of their own. */
export function threadsFor(comments: readonly Comment[], target: CommentTarget): CommentThread[] {
  const key = targetKey(target);
  const mine = comments.filter((c) => targetKey(c.target) === key);
  const roots = new Map<string, Comment>();
  for (const c of mine) if (c.replyTo === null || !mine.some((r) => r.id === c.replyTo)) roots.set(c.id, c);
  return [...roots.values()].map((root) => ({
    root,
    replies: mine.filter((c) => c.replyTo === root.id && c.id !== root.id),
  }));
}

/** Number of comments in unresolved threads, per target key: what the badges on rows and cells show. */
export function openCommentCounts(comments: readonly Comment[]): ReadonlyMap<string, number> {
  const resolvedRoots = new Set(comments.filter((c) => c.replyTo === null && c.resolved).map((c) => c.id));
  const counts = new Map<string, number>();
  for (const c of comments) {
    if (resolvedRoots.has(c.id) || (c.replyTo !== null && resolvedRoots.has(c.replyTo))) continue;
    const k = targetKey(c.target);
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return counts;
}

/** Adds a comment (or a reply to `replyTo`, which must be a root on the same target); returns its id. */
export function addComment(
  doc: Y.Doc,
  input: { target: CommentTarget; body: string; replyTo?: string; id?: string },
  author: CommentAuthor,
): string {
  const target = parseOrThrow(commentTargetSchema, input.target, "target");
  const body = parseOrThrow(commentBodySchema, input.body, "body");
  const map = commentsMap(doc);
  if (map.size >= Limits.maxComments) {
    throw new AppError("validation_failed", `an analysis holds at most ${Limits.maxComments} comments`);
  }
  if (input.replyTo !== undefined) {
    const root = map.get(input.replyTo);
    const parsed = root instanceof Y.Map ? readComment(input.replyTo, root) : null;
    if (!parsed) throw new AppError("not_found", `comment "${input.replyTo}" not found`);
    if (parsed.replyTo !== null) throw new AppError("validation_failed", "replies go to the thread's root");
    if (targetKey(parsed.target) !== targetKey(target)) {
      throw new AppError("validation_failed", "a reply must be on its thread's target");
    }
  }
  const id = input.id ?? newId("c");
  const item = new Y.Map<unknown>();
  doc.transact(() => {
    map.set(id, item);
    item.set("target", { ...target });
    item.set("body", body);
    item.set("author", author.userId);
    item.set("authorName", author.name.slice(0, Limits.displayNameMaxLength));
    item.set("createdAt", author.now);
    item.set("resolved", false);
    if (input.replyTo !== undefined) item.set("replyTo", input.replyTo);
  });
  return id;
}

/** Resolves or reopens a thread (given its root's id); a resolved thread keeps who and when. */
export function setCommentResolved(doc: Y.Doc, id: string, resolved: boolean, actor: Actor): void {
  const item = commentsMap(doc).get(id);
  if (!(item instanceof Y.Map)) throw new AppError("not_found", `comment "${id}" not found`);
  doc.transact(() => {
    item.set("resolved", resolved);
    item.set("resolvedBy", resolved ? actor.userId : null);
    item.set("resolvedAt", resolved ? actor.now : null);
  });
}

/**
 * Deletes a comment, and with a thread's root its replies: an explicit action of the author or a
 * lead (the UI offers it only to them), recorded in the activity feed. Posting is never undone.
 */
export function deleteComment(doc: Y.Doc, id: string): void {
  const comments = commentsMap(doc);
  if (!(comments.get(id) instanceof Y.Map)) throw new AppError("not_found", `comment "${id}" not found`);
  doc.transact(() => {
    comments.forEach((item, replyId) => {
      if (item instanceof Y.Map && item.get("replyTo") === id) comments.delete(replyId);
    });
    comments.delete(id);
  });
}

/**
 * Points comments at another target (after a merge): `map` returns the new target or null to keep it.
 * Returns how many comments moved.
 */
export function retargetComments(doc: Y.Doc, map: (t: CommentTarget) => CommentTarget | null): number {
  let moved = 0;
  doc.transact(() => {
    commentsMap(doc).forEach((item, id) => {
      if (!(item instanceof Y.Map)) return;
      const c = readComment(id, item);
      const next = c ? map(c.target) : null;
      if (!next || !c || targetKey(next) === targetKey(c.target)) return;
      item.set("target", { ...next });
      moved++;
    });
  });
  return moved;
}

/** Writes a comment exactly as given (author, times, resolution kept): how imports bring threads in. */
export function writeComment(doc: Y.Doc, comment: Comment): void {
  const item = new Y.Map<unknown>();
  doc.transact(() => {
    commentsMap(doc).set(comment.id, item);
    item.set("target", { ...comment.target });
    item.set("body", parseOrThrow(commentBodySchema, comment.body, "body"));
    item.set("author", comment.author);
    item.set("authorName", comment.authorName.slice(0, Limits.displayNameMaxLength));
    item.set("createdAt", comment.createdAt);
    item.set("resolved", comment.resolved);
    if (comment.resolvedBy !== null) item.set("resolvedBy", comment.resolvedBy);
    if (comment.resolvedAt !== null) item.set("resolvedAt", comment.resolvedAt);
    if (comment.replyTo !== null) item.set("replyTo", comment.replyTo);
  });
}

/** Who sends a change to the comments: a member of the analysis, and whether they lead it. */
export interface CommentWriter {
  readonly userId: string;
  readonly lead: boolean;
}

/**
 * Why `writer` may not turn comment `before` into `after` (null: absent before, or deleted), or
 * null when allowed — the rule the UI offers, enforced on every sync update. Anyone who writes the
 * content posts in their own name, resolves and reopens in their own name and moves comments with a
 * merge (`target`); only the author rewrites their words; only the author or a lead deletes.
 * `deletedRoots` holds the roots whose deletion this change already allows: their replies go with them.
 */
export function commentChangeRefusal(
  before: Comment | null,
  after: Comment | null,
  writer: CommentWriter,
  deletedRoots: ReadonlySet<string>,
): string | null {
  if (before === null) {
    if (after === null) return null;
    return after.author === writer.userId ? null : "a comment is posted in its author's own name only";
  }
  if (after === null) {
    if (writer.lead || before.author === writer.userId) return null;
    if (before.replyTo !== null && deletedRoots.has(before.replyTo)) return null;
    return "only its author or a lead deletes a comment";
  }
  const own = before.author === writer.userId;
  if (
    after.author !== before.author ||
    after.createdAt !== before.createdAt ||
    after.replyTo !== before.replyTo ||
    (!own && (after.body !== before.body || after.authorName !== before.authorName))
  ) {
    return "only its author edits a comment, and never its author, time or thread";
  }
  if (
    after.resolvedBy !== before.resolvedBy &&
    after.resolvedBy !== null &&
    after.resolvedBy !== writer.userId
  ) {
    return "a thread is resolved in the resolver's own name only";
  }
  return null;
}
