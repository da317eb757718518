/**
 * Versions (snapshots) of a whole analysis: the full Yjs state of every one of its documents at
 * one moment, so an approval can pin exactly what the lead saw and later views can diff against
 * it. A version is immutable once saved. Kinds: "approval" (pinned by an approval), "named" (a
 * user's named version) and "auto" (periodic history points).
 */

export type VersionKind = "approval" | "named" | "auto";

export interface VersionRecord {
  readonly id: string;
  readonly analysisId: string;
  /** Label shown in history ("Approved by Ana", a user's name for a named version…). */
  readonly name: string;
  readonly kind: VersionKind;
  readonly createdBy: string | null;
  readonly createdAt: string;
}

export interface StoredVersion {
  readonly record: VersionRecord;
  /** docName → Y.encodeStateAsUpdate of that document when the version was taken. */
  readonly documents: ReadonlyMap<string, Uint8Array>;
}

export interface VersionStore {
  /** Atomically stores the record and every document's state; rejects `conflict` on a reused id. */
  saveVersion(record: VersionRecord, documents: ReadonlyMap<string, Uint8Array>): Promise<void>;
  /** The analysis's versions, newest first (records only: documents are read one version at a time). */
  listVersions(analysisId: string): Promise<VersionRecord[]>;
  /** One version with its documents, or null. */
  getVersion(id: string): Promise<StoredVersion | null>;
}
