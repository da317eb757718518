/**
 * Rows of the store's tables as both drivers return them, and their mapping to domain records:
 * SQLite gives flags as 0/1 and BIGINTs as numbers, PostgreSQL booleans and strings.
 */
import type { Role } from "../../../shared/accounts";
import type { AttachmentRecord } from "../../../shared/attachments";
import type { ActivityEntry } from "../../../shared/history/activity";
import type { MemberRecord, SessionRecord, TokenRecord, UserRecord } from "../AccountStore";
import type { AnalysisRecord } from "../DocumentStore";
import type { VersionKind, VersionRecord } from "../VersionStore";

type Flag = number | boolean;
type BigInteger = number | string;

export interface AnalysisRow {
  readonly id: string;
  readonly title: string;
  readonly created_at: string;
  readonly updated_at: string;
  readonly archived: Flag;
  readonly created_by: string | null;
}

export const analysisRecordOf = (row: AnalysisRow): AnalysisRecord => ({
  id: row.id,
  title: row.title,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  archived: Boolean(row.archived),
  createdBy: row.created_by,
});

/** A row of `updates` or `snapshots` as loadDocument reads them (kind 0: snapshot, 1: log). */
export interface StoredRow {
  readonly kind: number;
  readonly seq: BigInteger;
  readonly data: Buffer;
}

export interface UserRow {
  readonly id: string;
  readonly name: string;
  readonly password_hash: string | null;
  readonly admin: Flag;
  readonly disabled: Flag;
  readonly created_at: string;
}

export const userRecordOf = (row: UserRow): UserRecord => ({
  id: row.id,
  name: row.name,
  passwordHash: row.password_hash,
  admin: Boolean(row.admin),
  disabled: Boolean(row.disabled),
  createdAt: row.created_at,
});

export interface SessionRow {
  readonly id_hash: string;
  readonly user_id: string;
  readonly created_at: string;
  readonly expires_at: string;
}

export const sessionRecordOf = (row: SessionRow): SessionRecord => ({
  idHash: row.id_hash,
  userId: row.user_id,
  createdAt: row.created_at,
  expiresAt: row.expires_at,
});

export interface TokenRow {
  readonly id: string;
  readonly hash: string;
  readonly user_id: string;
  readonly name: string;
  readonly created_at: string;
  readonly expires_at: string | null;
}

export const tokenRecordOf = (row: TokenRow): TokenRecord => ({
  id: row.id,
  hash: row.hash,
  userId: row.user_id,
  name: row.name,
  createdAt: row.created_at,
  expiresAt: row.expires_at,
});

export interface MemberRow {
  readonly analysis_id: string;
  readonly user_id: string;
  readonly role: Role;
}

export const memberRecordOf = (row: MemberRow): MemberRecord => ({
  analysisId: row.analysis_id,
  userId: row.user_id,
  role: row.role,
});

export interface VersionRow {
  readonly id: string;
  readonly analysis_id: string;
  readonly name: string;
  readonly kind: VersionKind;
  readonly created_by: string | null;
  readonly created_at: string;
}

export const versionRecordOf = (row: VersionRow): VersionRecord => ({
  id: row.id,
  analysisId: row.analysis_id,
  name: row.name,
  kind: row.kind,
  createdBy: row.created_by,
  createdAt: row.created_at,
});

export interface ActivityRow {
  readonly id: BigInteger;
  readonly analysis_id: string;
  readonly doc: string;
  readonly user_id: string | null;
  readonly user_name: string | null;
  readonly at: string;
  readonly kind: ActivityEntry["kind"];
  readonly action: ActivityEntry["action"];
  readonly target: string | null;
  readonly field: string | null;
  readonly before_value: string | null;
  readonly after_value: string | null;
  readonly label: string | null;
  readonly count: number;
  readonly coalesce_key: string | null;
}

export const activityEntryOf = (row: ActivityRow): ActivityEntry => ({
  id: Number(row.id),
  analysisId: row.analysis_id,
  docName: row.doc,
  userId: row.user_id,
  userName: row.user_name,
  at: row.at,
  kind: row.kind,
  action: row.action,
  target: row.target,
  field: row.field,
  before: row.before_value,
  after: row.after_value,
  label: row.label,
  count: row.count,
  coalesceKey: row.coalesce_key,
});

/** A stored blob as plain bytes over the driver's buffer (no copy; HeavyWork moves only whole buffers). */
export const bytesOf = (data: Buffer): Uint8Array =>
  new Uint8Array(data.buffer, data.byteOffset, data.byteLength);

export interface AttachmentRow {
  readonly id: string;
  readonly analysis_id: string;
  readonly owner_kind: "source" | "evidence";
  readonly owner_id: string;
  readonly name: string;
  readonly media_type: string;
  readonly size: BigInteger;
  readonly sha256: string;
  readonly uploaded_by: string | null;
  readonly uploaded_at: string;
}

export const attachmentRecordOf = (row: AttachmentRow): AttachmentRecord => ({
  id: row.id,
  analysisId: row.analysis_id,
  owner: { kind: row.owner_kind, id: row.owner_id },
  name: row.name,
  mediaType: row.media_type,
  size: Number(row.size),
  sha256: row.sha256,
  uploadedBy: row.uploaded_by,
  uploadedAt: row.uploaded_at,
});
