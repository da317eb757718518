/**
 * Who may change which comment, checked on what one transaction touched: each comment it changed,
 * read as it was (`before`, the document the transaction was not applied to) and as it is now
 * (`after`), is judged by `commentChangeRefusal`. Cost is proportional to the comments touched.
 */
import * as Y from "yjs";
import {
  type Comment,
  type CommentWriter,
  commentChangeRefusal,
  commentsMap,
  readComment,
} from "../schema/comments";
import type { LimitViolation } from "./validateDocument";

const COMMENTS = "comments";

function readAt(doc: Y.Doc, id: string): Comment | null {
  // Only a document that has comments: `getMap` would add the part to any other.
  if (!doc.share.has(COMMENTS)) return null;
  const item = commentsMap(doc).get(id);
  return item instanceof Y.Map ? readComment(id, item) : null;
}

/** Ids of the comments `transaction` (on `after`) added, deleted, replaced or changed a field of. */
function touchedComments(after: Y.Doc, transaction: Y.Transaction): Set<string> {
  const touched = new Set<string>();
  const comments = after.share.get(COMMENTS);
  if (comments === undefined) return touched;
  for (const [type, keys] of transaction.changed) {
    if (type === comments) {
      for (const key of keys) if (key !== null) touched.add(key);
    } else if (type._item?.parent === comments && typeof type._item.parentSub === "string") {
      touched.add(type._item.parentSub);
    }
  }
  return touched;
}

/** The first comment `writer` changed against the rule, or null. Call inside the transaction. */
export function checkCommentWrites(
  before: Y.Doc,
  after: Y.Doc,
  transaction: Y.Transaction,
  writer: CommentWriter,
): LimitViolation | null {
  const changes = [...touchedComments(after, transaction)].map((id) => ({
    id,
    before: readAt(before, id),
    after: readAt(after, id),
  }));
  const none: ReadonlySet<string> = new Set();
  // Roots this writer may delete take their replies along (`deleteComment` deletes a thread).
  const deletedRoots = new Set(
    changes
      .filter(
        (c) =>
          c.before?.replyTo === null &&
          c.after === null &&
          commentChangeRefusal(c.before, null, writer, none) === null,
      )
      .map((c) => c.id),
  );
  for (const change of changes) {
    const refusal = commentChangeRefusal(change.before, change.after, writer, deletedRoots);
    if (refusal !== null) return { path: `${COMMENTS}.${change.id.slice(0, 80)}`, message: refusal };
  }
  return null;
}
