/**
 * What the app plugs into the sync core: an ordered list of extensions, each implementing the
 * hooks it needs (the shape of Hocuspocus's extensions). The core calls every extension that
 * defines a hook, in list order; a throwing hook is logged and the others still run, so a
 * feature (history, title mirroring, access re-checks) can never break an edit.
 */
import type { IncomingMessage } from "node:http";
import type * as Y from "yjs";
import type { ActivityInput } from "../../shared/history/activity";
import type { Logger } from "./logger";
import type { ConnectionContext } from "./SocketLike";

/** Who made an edit: a client's user, or the user a server edit is attributed to (name unknown). */
export interface EditAuthor {
  readonly userId: string | null;
  readonly userName: string | null;
}

/** A live room as extensions see it. */
export interface RoomInfo {
  readonly name: string;
  readonly doc: Y.Doc;
  /** The author of a transaction on `doc`; null for loads and updates relayed from other instances. */
  authorOf(transaction: Y.Transaction): EditAuthor | null;
}

export interface SyncExtension {
  /** For logs. */
  readonly name: string;
  /** Decides who may open `docName` at the upgrade; throws AppError to refuse. The first extension defining it answers. */
  authenticate?(req: IncomingMessage, docName: string): Promise<ConnectionContext>;
  /** A room was created and is about to load its stored state (attach observers to its doc here). */
  load?(room: RoomInfo): void;
  /**
   * An edit's update is about to be queued for the store: activity entries to commit in the same
   * transaction as the update (`StoredUpdateMeta.activity`). Synchronous, on the edit path.
   */
  activity?(room: RoomInfo, transaction: Y.Transaction): readonly ActivityInput[];
  /** An edit of this instance was committed (in persistence order, before it is broadcast). */
  persisted?(event: {
    readonly docName: string;
    readonly update: Uint8Array;
    readonly author: EditAuthor;
  }): void;
  /** A document changed: debounced per document, also for changes other instances committed. */
  changed?(docName: string): void;
  /** A room left memory (idle, reset or shutdown). */
  unload?(docName: string): void;
}

type HookName = "load" | "activity" | "persisted" | "changed" | "unload";

/** The ordered extension list and the calls into it. */
export class SyncHooks {
  private readonly extensions: SyncExtension[];

  constructor(
    extensions: readonly SyncExtension[],
    private readonly logger: Logger,
  ) {
    this.extensions = [...extensions];
  }

  /** Appends an extension; returns its removal. */
  register(extension: SyncExtension): () => void {
    this.extensions.push(extension);
    return () => {
      const at = this.extensions.indexOf(extension);
      if (at >= 0) this.extensions.splice(at, 1);
    };
  }

  /** The first extension's `authenticate`, or null if none defines it. */
  get authenticate(): NonNullable<SyncExtension["authenticate"]> | null {
    const found = this.extensions.find((extension) => extension.authenticate !== undefined);
    return found?.authenticate?.bind(found) ?? null;
  }

  load(room: RoomInfo): void {
    this.each("load", room.name, (extension) => extension.load?.(room));
  }

  activity(room: RoomInfo, transaction: Y.Transaction): readonly ActivityInput[] {
    const entries: ActivityInput[] = [];
    this.each("activity", room.name, (extension) => {
      const more = extension.activity?.(room, transaction);
      if (more !== undefined) entries.push(...more);
    });
    return entries;
  }

  persisted(docName: string, update: Uint8Array, author: EditAuthor): void {
    this.each("persisted", docName, (extension) => extension.persisted?.({ docName, update, author }));
  }

  changed(docName: string): void {
    this.each("changed", docName, (extension) => extension.changed?.(docName));
  }

  unload(docName: string): void {
    this.each("unload", docName, (extension) => extension.unload?.(docName));
  }

  private each(hook: HookName, docName: string, call: (extension: SyncExtension) => void): void {
    for (const extension of this.extensions) {
      try {
        call(extension);
      } catch (error) {
        this.logger.error("sync extension failed", {
          extension: extension.name,
          hook,
          doc: docName,
          error: (error as Error).message,
        });
      }
    }
  }
}
