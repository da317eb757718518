/**
 * Comment threads on one target (a hypothesis, an evidence row or a cell): each with author and time,
 * replies, resolve/reopen, and a form for a new thread. Bodies render as text, never as HTML.
 */
import { type FormEvent, useId, useState } from "react";
import {
  type Comment,
  type CommentTarget,
  commentBodySchema,
  threadsFor,
} from "../../../shared/schema/comments";
import type { CommentsHandle } from "../hooks/useComments";
import { formatDateTime } from "../lib/format";
import { plainValidationMessage } from "../lib/validationMessage";
import "./CommentThreads.css";

function CommentForm(props: {
  readonly label: string;
  readonly button: string;
  readonly onSubmit: (body: string) => void;
  readonly testId: string;
}) {
  const [body, setBody] = useState("");
  const [error, setError] = useState<string | null>(null);
  const id = useId();
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    const r = commentBodySchema.safeParse(body);
    if (!r.success) {
      setError(plainValidationMessage("comment", r.error));
      return;
    }
    props.onSubmit(r.data);
    setBody("");
    setError(null);
  };
  return (
    <form className="comment-form" onSubmit={submit} noValidate>
      <label htmlFor={id} className="visually-hidden">
        {props.label}
      </label>
      <textarea
        id={id}
        rows={2}
        value={body}
        placeholder={props.label}
        aria-invalid={error !== null}
        aria-describedby={error ? `${id}-err` : undefined}
        data-testid={props.testId}
        onChange={(e) => {
          setBody(e.target.value);
          setError(null);
        }}
        onKeyDown={(e) => {
          e.stopPropagation();
          if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) submit(e);
        }}
      />
      <button type="submit" className="btn btn-small">
        {props.button}
      </button>
      {error && (
        <span id={`${id}-err`} role="alert" className="field-error">
          {error}
        </span>
      )}
    </form>
  );
}

function CommentItem({ c, onDelete }: { readonly c: Comment; readonly onDelete: (() => void) | null }) {
  return (
    <div className="comment" data-testid="comment">
      <div className="comment-meta">
        <strong>{c.authorName || "Someone"}</strong>{" "}
        <time dateTime={c.createdAt}>{formatDateTime(c.createdAt)}</time>
        {onDelete && (
          <>
            {" "}
            <button
              type="button"
              className="link-btn"
              data-testid="delete-comment"
              aria-label={`Delete the comment by ${c.authorName || "someone"}`}
              onClick={() => {
                if (window.confirm("Delete this comment for everyone?")) onDelete();
              }}
            >
              Delete
            </button>
          </>
        )}
      </div>
      <p className="comment-body" data-testid="comment-body">
        {c.body}
      </p>
    </div>
  );
}

export function CommentThreads({
  target,
  comments,
  readOnly,
}: {
  readonly target: CommentTarget;
  readonly comments: CommentsHandle;
  readonly readOnly: boolean;
}) {
  const [showResolved, setShowResolved] = useState(false);
  const deleter = (c: Comment): (() => void) | null =>
    !readOnly && comments.canDelete(c) ? () => comments.remove(c.id) : null;
  const threads = threadsFor(comments.comments, target);
  const resolvedCount = threads.filter((t) => t.root.resolved).length;
  const shown = threads.filter((t) => showResolved || !t.root.resolved);
  return (
    <section className="comments" aria-label="Comments" data-testid="comments">
      <h3>
        Comments{" "}
        <span className="count" data-testid="comment-count">
          {threads.length - resolvedCount}
        </span>
      </h3>
      {threads.length === 0 && (
        <p className="muted">
          {readOnly ? "No comments yet." : "No comments yet. Ask a question or note a doubt here."}
        </p>
      )}
      {shown.map(({ root, replies }) => (
        <article
          key={root.id}
          className={`thread ${root.resolved ? "is-resolved" : ""}`}
          data-testid="thread"
          data-resolved={root.resolved}
        >
          <CommentItem c={root} onDelete={deleter(root)} />
          {replies.map((r) => (
            <CommentItem key={r.id} c={r} onDelete={deleter(r)} />
          ))}
          {root.resolved && root.resolvedAt && (
            <p className="muted small">Resolved {formatDateTime(root.resolvedAt)}</p>
          )}
          {!readOnly && (
            <div className="thread-actions">
              {!root.resolved && (
                <CommentForm
                  label="Reply"
                  button="Reply"
                  testId="reply-input"
                  onSubmit={(body) => comments.add(target, body, root.id)}
                />
              )}
              <button
                type="button"
                className="btn btn-small"
                data-testid={root.resolved ? "reopen" : "resolve"}
                onClick={() => comments.setResolved(root.id, !root.resolved)}
              >
                {root.resolved ? "Reopen" : "Resolve"}
              </button>
            </div>
          )}
        </article>
      ))}
      {resolvedCount > 0 && (
        <button type="button" className="link-btn" onClick={() => setShowResolved((v) => !v)}>
          {showResolved ? "Hide" : "Show"} {resolvedCount} resolved
        </button>
      )}
      {!readOnly && (
        <CommentForm
          label="Add a comment"
          button="Comment"
          testId="comment-input"
          onSubmit={(body) => comments.add(target, body)}
        />
      )}
    </section>
  );
}
