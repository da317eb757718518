/**
 * The admission step of a room: every write (a client's sync update, a server edit) is applied
 * first to a replica of the live doc, inside one transaction that the shared validator checks
 * incrementally (`validateTransaction`: only what the transaction touched) and that must leave no
 * pending structs. Only an admitted write reaches the live doc, and so the store and the other
 * clients. A refused write leaves the live doc untouched; the replica, which did take it, is
 * rebuilt from the live doc (O(document), on the attack path only).
 *
 * Refusals: an update that breaks a limit gets a permission-denied message naming the limit and
 * the connection is closed with 4422 (UpdateRefused). An update that depends on state the server
 * lacks (it would stay pending) is dropped and the client is sent sync step 1, so an honest
 * client's step 2 fills the gap; after `maxPendingRefusals` such refusals within a minute it is
 * closed with 4422 as well.
 *
 * The replica follows the live doc: updates that reach the live doc by other paths (peers'
 * updates in multi-instance mode, store resyncs) are applied to it too. Peers' updates may be
 * pending for a moment (their dependencies are still in flight); pending state on the live doc is
 * allowed up to `maxPendingBytes` for `maxPendingAgeMs`, then dropped and a resync requested.
 */
import * as Y from "yjs";
import { CloseCode } from "../../shared/closeCodes";
import type { DocumentKind } from "../../shared/documentNames";
import { AppError } from "../../shared/errors";
import type { CommentWriter } from "../../shared/schema/comments";
import { checkCommentWrites } from "../../shared/validation/commentWrites";
import type { PartRule } from "../../shared/validation/documentRules";
import { checkRaterNameWrite } from "../../shared/validation/raterNameWrites";
import {
  defineDocumentParts,
  type LimitViolation,
  validateTransaction,
} from "../../shared/validation/validateDocument";
import type { Connection } from "./Connection";
import type { Logger } from "./logger";
import { dropPending, encodeIntegratedState, hasPending, pendingBytes } from "./pendingState";
import { encodePermissionDenied, encodeSyncStep1 } from "./protocol";

/** Who sends a client's update: their comment rights and their account name. */
interface ClientWriter extends CommentWriter {
  readonly name: string;
}

export interface AdmissionOptions {
  readonly kind: DocumentKind;
  /** Pending state (peers' updates awaiting their dependencies) the live doc may hold… */
  readonly maxPendingBytes: number;
  /** …and for how long. */
  readonly maxPendingAgeMs: number;
  /** Updates of one connection refused as pending within a minute before it is closed. */
  readonly maxPendingRefusals: number;
  /** Parts accepted beyond the schema's (the sync benchmark's `bench` map). */
  readonly extraParts: Readonly<Record<string, PartRule>>;
}

export interface AdmissionHost {
  readonly name: string;
  readonly doc: Y.Doc;
  readonly logger: Logger;
  /** Pending state outlived its allowance and was dropped: fetch state from peers and the store. */
  readonly resync: () => void;
}

const timestamps: PartRule = {
  kind: "entries",
  key: /^[\w.:-]{1,100}$/,
  value: (v) => (typeof v === "number" ? null : "must be a number"),
  max: Number.POSITIVE_INFINITY,
};

/**
 * Parts the benchmarks write (`BENCH=1` only): the sync bench's `bench` map of send times, the
 * stall bench's `probe` map and its `t` text, which carries updates as big as a frame may be.
 */
export const BENCH_PARTS: Readonly<Record<string, PartRule>> = {
  bench: timestamps,
  probe: timestamps,
  t: { kind: "unchecked" },
};

const REFUSAL_WINDOW_MS = 60_000;
const ADMISSION_ORIGIN = Symbol("admission");

type Verdict =
  | { readonly kind: "ok" }
  | { readonly kind: "pending" }
  | { readonly kind: "limit"; readonly violation: LimitViolation };

export class UpdateAdmission {
  private replica = new Y.Doc({ gc: true });
  /** Set while an update the replica already holds is applied to the live doc. */
  private applyingAdmitted = false;
  private pendingSince = 0;
  private pendingTimer: NodeJS.Timeout | undefined;
  private readonly refusals = new WeakMap<Connection, { count: number; since: number }>();
  /**
   * Users whose update broke a limit: each refusal rebuilds the replica (O(document)), so their
   * updates are refused unseen for a while, doubling per refusal (1 s … 5 min). `reason` is the
   * limit broken last, repeated to the client while it cools down.
   */
  private readonly cooldowns = new Map<string, { until: number; strikes: number; reason: string }>();
  private readonly onLiveUpdate = (update: Uint8Array): void => {
    if (!this.applyingAdmitted) Y.applyUpdate(this.replica, update, ADMISSION_ORIGIN);
  };
  private readonly onLiveTransaction = (): void => this.checkLivePending();

  constructor(
    private readonly host: AdmissionHost,
    private readonly options: AdmissionOptions,
  ) {}

  /**
   * Call once the stored state is loaded into the live doc. Drops pending state the store held
   * (orphans stored before admission existed); returns whether it did, so the room compacts.
   */
  start(): boolean {
    const dropped = dropPending(this.host.doc);
    if (dropped) this.host.logger.warn("dropped pending state found in the store", { doc: this.host.name });
    this.rebuild();
    this.host.doc.on("update", this.onLiveUpdate);
    this.host.doc.on("afterTransaction", this.onLiveTransaction);
    return dropped;
  }

  stop(): void {
    this.host.doc.off("update", this.onLiveUpdate);
    this.host.doc.off("afterTransaction", this.onLiveTransaction);
    if (this.pendingTimer !== undefined) clearTimeout(this.pendingTimer);
    this.pendingTimer = undefined;
    this.replica.destroy();
  }

  /** A client's step 2 or update: applied to the live doc with `conn` as origin, or refused. */
  receive(conn: Connection, update: Uint8Array): void {
    const cooldown = this.cooldowns.get(conn.ctx.user.id);
    if (cooldown !== undefined && Date.now() < cooldown.until) {
      const seconds = Math.ceil((cooldown.until - Date.now()) / 1_000);
      conn.send(
        encodePermissionDenied(
          `update refused: try again later (in ${seconds} s); an earlier update broke a limit: ${cooldown.reason}`,
        ),
      );
      conn.close(CloseCode.UpdateRefused, "update refused: cooling down");
      return;
    }
    const writer = { userId: conn.ctx.user.id, lead: conn.ctx.role === "lead", name: conn.ctx.user.name };
    const verdict = this.tryOnReplica((doc) => Y.applyUpdate(doc, update), writer);
    if (verdict.kind === "ok") {
      this.applyToLive(update, conn);
      return;
    }
    if (verdict.kind === "limit") {
      const limit = `${verdict.violation.path}: ${verdict.violation.message}`.slice(0, 300);
      const reason = `update refused: ${limit}`;
      this.host.logger.warn("refused an update over a limit", {
        doc: this.host.name,
        user: conn.ctx.user.id,
        reason,
        bytes: update.byteLength,
      });
      const strikes = (cooldown?.strikes ?? 0) + 1;
      this.cooldowns.set(conn.ctx.user.id, {
        strikes,
        until: Date.now() + Math.min(1_000 * 2 ** (strikes - 1), 300_000),
        reason: limit,
      });
      conn.send(encodePermissionDenied(reason));
      // The reason went in the message above; a close reason must stay within 123 bytes.
      conn.close(CloseCode.UpdateRefused, "update refused: over a limit");
      return;
    }
    const now = Date.now();
    const previous = this.refusals.get(conn);
    const strikes =
      previous !== undefined && now - previous.since < REFUSAL_WINDOW_MS
        ? { count: previous.count + 1, since: previous.since }
        : { count: 1, since: now };
    this.refusals.set(conn, strikes);
    this.host.logger.warn("refused an update with missing dependencies", {
      doc: this.host.name,
      user: conn.ctx.user.id,
      bytes: update.byteLength,
      strikes: strikes.count,
    });
    if (strikes.count > this.options.maxPendingRefusals) {
      conn.send(encodePermissionDenied("update refused: it depends on changes the server does not have"));
      conn.close(CloseCode.UpdateRefused, "update depends on missing changes");
      return;
    }
    conn.send(encodeSyncStep1(this.host.doc));
  }

  /**
   * A server edit (REST, restore, approvals): `fn` runs on the replica; if what it wrote passes
   * (and depends on nothing the doc lacks), the same change is applied to the live doc through `apply`. Like a direct transaction, what
   * `fn` wrote before throwing is kept, then its error is rethrown.
   */
  edit(fn: (doc: Y.Doc) => void, apply: (update: Uint8Array) => void): void {
    let failure: unknown = null;
    let written: Uint8Array | null = null;
    const capture = (update: Uint8Array): void => {
      written = written === null ? update : Y.mergeUpdates([written, update]);
    };
    this.replica.on("update", capture);
    let verdict: Verdict;
    try {
      verdict = this.tryOnReplica((doc) => {
        try {
          fn(doc);
        } catch (error) {
          failure = error;
        }
      });
    } finally {
      this.replica.off("update", capture);
    }
    if (verdict.kind === "limit") {
      const { path, message } = verdict.violation;
      throw new AppError("validation_failed", `${path}: ${message}`);
    }
    // Only an edit that applies an update made elsewhere can depend on state this doc lacks (a
    // restore planned from what another instance stored before its update reached this one).
    if (verdict.kind === "pending") {
      throw new AppError(
        "conflict",
        "the document is still receiving changes from another server; try again",
      );
    }
    if (written !== null) {
      this.applyingAdmitted = true;
      try {
        apply(written);
      } finally {
        this.applyingAdmitted = false;
      }
    }
    if (failure !== null) throw failure;
  }

  /**
   * Runs `write` on the replica in one transaction and judges it — against the limits, and for a
   * client's write (`writer`) against who may change which comment and which name a rater carries;
   * a refused write is undone by a rebuild.
   */
  private tryOnReplica(write: (doc: Y.Doc) => void, writer?: ClientWriter): Verdict {
    const replica = this.replica;
    let verdict: Verdict = { kind: "ok" };
    let transaction: Y.Transaction | null = null;
    try {
      replica.transact((tr) => {
        transaction = tr;
        write(replica);
        // The live doc has not taken the write yet: it is the comments' state before it.
        const violation =
          validateTransaction(this.options.kind, replica, tr, this.options.extraParts) ??
          (writer === undefined
            ? null
            : this.options.kind === "content"
              ? checkCommentWrites(this.host.doc, replica, tr, writer)
              : this.options.kind === "ratings"
                ? checkRaterNameWrite(replica, tr, writer.name)
                : null);
        if (violation !== null) verdict = { kind: "limit", violation };
        else if (hasPending(replica)) verdict = { kind: "pending" };
      }, ADMISSION_ORIGIN);
    } catch (error) {
      this.rebuild();
      throw error;
    }
    if (verdict.kind !== "ok") {
      // A pure orphan integrated nothing: forgetting its pending part restores the replica.
      if (transaction === null || integratedAnything(transaction)) this.rebuild();
      else dropPending(replica);
    }
    return verdict;
  }

  private applyToLive(update: Uint8Array, origin: Connection): void {
    // With pending peer state on the live doc, this update may integrate more there than on the
    // replica: let the live doc's update event copy everything over.
    this.applyingAdmitted = !hasPending(this.host.doc);
    try {
      Y.applyUpdate(this.host.doc, update, origin);
    } finally {
      this.applyingAdmitted = false;
    }
  }

  private rebuild(): void {
    this.replica.destroy();
    this.replica = new Y.Doc({ gc: true });
    defineDocumentParts(this.options.kind, this.replica, this.options.extraParts);
    Y.applyUpdate(this.replica, encodeIntegratedState(this.host.doc), ADMISSION_ORIGIN);
  }

  /** Peers' updates may wait briefly for their dependencies; never beyond the allowance. */
  private checkLivePending(): void {
    const doc = this.host.doc;
    if (!hasPending(doc)) {
      this.pendingSince = 0;
      if (this.pendingTimer !== undefined) clearTimeout(this.pendingTimer);
      this.pendingTimer = undefined;
      return;
    }
    const now = Date.now();
    if (this.pendingSince === 0) this.pendingSince = now;
    const bytes = pendingBytes(doc);
    if (bytes > this.options.maxPendingBytes || now - this.pendingSince >= this.options.maxPendingAgeMs) {
      this.host.logger.warn("dropped pending state from peers", { doc: this.host.name, bytes });
      dropPending(doc);
      this.pendingSince = 0;
      this.host.resync();
      return;
    }
    if (this.pendingTimer === undefined) {
      this.pendingTimer = setTimeout(() => {
        this.pendingTimer = undefined;
        this.checkLivePending();
      }, this.options.maxPendingAgeMs);
      this.pendingTimer.unref();
    }
  }
}

/** Did a finished transaction add structs or deletions (its state vectors differ or it deleted)? */
function integratedAnything(tr: Y.Transaction): boolean {
  if (tr.deleteSet.clients.size > 0 || tr.beforeState.size !== tr.afterState.size) return true;
  for (const [client, clock] of tr.afterState) if (tr.beforeState.get(client) !== clock) return true;
  return false;
}
