/**
 * Who is editing a room's doc right now. Admission applies an admitted update synchronously, so
 * the room brackets that call with its edit (`run`); the doc's observers (activity) and its
 * `update` event, which fire inside the call, attribute the transaction to it. Anything else
 * (loads, peers' updates) carries no author, without the room checking origins' classes.
 */
import type * as Y from "yjs";
import type { ActivityInput } from "../../shared/history/activity";
import type { StoredUpdateMeta } from "../store/DocumentStore";
import type { Connection } from "./Connection";
import type { EditAuthor } from "./hooks";
import type { QueuedWrite } from "./WriteQueue";

/** An admitted edit being applied: its transaction origin, sender and author. */
export interface Edit {
  readonly origin: unknown;
  /** The sending connection (not sent its own update back); null for server edits. */
  readonly conn: Connection | null;
  readonly author: EditAuthor;
  readonly meta: StoredUpdateMeta;
}

export const NO_AUTHOR: EditAuthor = { userId: null, userName: null };

/** A client's update, attributed to its connection's user. */
export function clientEdit(conn: Connection): Edit {
  const { id, name } = conn.ctx.user;
  return { origin: conn, conn, author: { userId: id, userName: name }, meta: { userId: id } };
}

/** A server-side edit (REST), attributed to `meta.userId`. */
export function serverEdit(meta: StoredUpdateMeta): Edit {
  return { origin: Symbol("server edit"), conn: null, author: { userId: meta.userId, userName: null }, meta };
}

export class EditContext {
  private current: Edit | null = null;

  /** Runs `apply`, which applies `edit`'s update to the doc synchronously, as that edit. */
  run(edit: Edit, apply: () => void): void {
    this.current = edit;
    try {
      apply();
    } finally {
      this.current = null;
    }
  }

  authorOf(transaction: Y.Transaction): EditAuthor | null {
    return this.current !== null && this.current.origin === transaction.origin ? this.current.author : null;
  }

  /**
   * The write for an update the doc emitted with `origin`: the current edit's, with the activity
   * entries `activity` computes for its transaction; unattributed otherwise.
   */
  writeOf(update: Uint8Array, origin: unknown, activity: () => readonly ActivityInput[]): QueuedWrite<Edit> {
    const edit = this.current;
    if (edit === null || edit.origin !== origin) {
      return {
        update,
        meta: { userId: null },
        origin: { origin, conn: null, author: NO_AUTHOR, meta: { userId: null } },
      };
    }
    const entries = activity();
    return {
      update,
      meta: entries.length > 0 ? { ...edit.meta, activity: entries } : edit.meta,
      origin: edit,
    };
  }
}
