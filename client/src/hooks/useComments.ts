/** Comments of the analysis, live, plus the actions on them (add, reply, resolve, reopen, delete). */
import { useCallback, useMemo } from "react";
import type * as Y from "yjs";
import {
  addComment,
  type Comment,
  type CommentTarget,
  commentChangeRefusal,
  commentsMap,
  deleteComment,
  listComments,
  openCommentCounts,
  setCommentResolved,
} from "../../../shared/schema/comments";
import type { Identity } from "../lib/identity";
import { useYValue } from "./useYValue";

export interface CommentsHandle {
  readonly comments: readonly Comment[];
  /** Comments in unresolved threads per target key (`targetKey`), for the badges. */
  readonly openCounts: ReadonlyMap<string, number>;
  readonly add: (target: CommentTarget, body: string, replyTo?: string) => void;
  readonly setResolved: (rootId: string, resolved: boolean) => void;
  /** Whether I may delete this comment: its author, or a lead. */
  readonly canDelete: (c: Comment) => boolean;
  readonly remove: (id: string) => void;
}

const NO_ROOTS: ReadonlySet<string> = new Set();

export function useComments(content: Y.Doc, identity: Identity, isLead = false): CommentsHandle {
  const comments = useYValue(
    commentsMap(content),
    useCallback(() => listComments(content), [content]),
  );
  const openCounts = useMemo(() => openCommentCounts(comments), [comments]);
  const { userId, name } = identity;
  const add = useCallback(
    (target: CommentTarget, body: string, replyTo?: string) => {
      const author = { userId, name, now: new Date().toISOString() };
      addComment(content, replyTo === undefined ? { target, body } : { target, body, replyTo }, author);
    },
    [content, userId, name],
  );
  const setResolved = useCallback(
    (rootId: string, resolved: boolean) =>
      setCommentResolved(content, rootId, resolved, { userId, now: new Date().toISOString() }),
    [content, userId],
  );
  const canDelete = useCallback(
    (c: Comment) => commentChangeRefusal(c, null, { userId, lead: isLead }, NO_ROOTS) === null,
    [isLead, userId],
  );
  const remove = useCallback((id: string) => deleteComment(content, id), [content]);
  return { comments, openCounts, add, setResolved, canDelete, remove };
}
