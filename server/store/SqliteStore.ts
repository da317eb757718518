/**
 * SQLite DocumentStore (better-sqlite3, file `<dataDir>/ach.sqlite`).
 *
 * Durability: WAL with `synchronous=NORMAL` by default. A commit is in the WAL file (the OS page
 * cache) before it returns, so a killed process (SIGKILL, crash) loses nothing that was
 * acknowledged; only an OS crash or power loss can drop the last commits. `synchronous: "FULL"`
 * fsyncs every commit for that case, at a throughput cost that group commit keeps bounded.
 *
 * Commit at once, group under load: an append that finds nothing queued and no commit yet in this
 * turn of the event loop commits synchronously (tens of µs) and its promise resolves right away,
 * so a lone edit is broadcast without waiting for the next turn. Appends arriving after it in the
 * same turn queue and share one transaction on `setImmediate`, so a burst costs two commits, not
 * one per edit. Either way each append's promise settles only after its commit.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import type { Role } from "../../shared/accounts";
import type { AttachmentRecord } from "../../shared/attachments";
import { AppError, notFound } from "../../shared/errors";
import type { ActivityEntry, ActivityInput } from "../../shared/history/activity";
import type {
  AccountStore,
  MemberRecord,
  SessionRecord,
  TokenRecord,
  UserPatch,
  UserRecord,
} from "./AccountStore";
import type { AttachmentStore, StoredAttachment } from "./AttachmentStore";
import type {
  AnalysisPatch,
  AnalysisRecord,
  DocumentStore,
  StoredDocument,
  StoredUpdateMeta,
} from "./DocumentStore";
import type { ActivityQuery, HistoryStore } from "./HistoryStore";
import { SqliteActivityLog } from "./sqliteActivity";
import { SqliteAttachments } from "./sqliteAttachments";
import { runMigrations, SQLITE_MIGRATIONS, type SqliteMigration } from "./sqliteMigrations";
import { type VersionRow, versionRecordOf } from "./sqlRows";
import type { StoredVersion, VersionRecord, VersionStore } from "./VersionStore";

export interface SqliteStoreOptions {
  /** Directory holding `ach.sqlite`; created if missing. */
  readonly dataDir: string;
  /** `NORMAL` survives process kills; `FULL` also survives power loss. */
  readonly synchronous?: "NORMAL" | "FULL";
  /** Override only in migration tests. */
  readonly migrations?: readonly SqliteMigration[];
}

interface QueuedAppend {
  readonly name: string;
  readonly data: Uint8Array;
  readonly userId: string | null;
  readonly resolve: (seq: number) => void;
  readonly reject: (error: Error) => void;
}

interface AnalysisRow {
  readonly id: string;
  readonly title: string;
  readonly created_at: string;
  readonly updated_at: string;
  readonly archived: number;
  readonly created_by: string | null;
}

const toRecord = (row: AnalysisRow): AnalysisRecord => ({
  id: row.id,
  title: row.title,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  archived: row.archived !== 0,
  createdBy: row.created_by,
});

interface UserRow {
  readonly id: string;
  readonly name: string;
  readonly password_hash: string | null;
  readonly admin: number;
  readonly disabled: number;
  readonly created_at: string;
}

const toUser = (row: UserRow): UserRecord => ({
  id: row.id,
  name: row.name,
  passwordHash: row.password_hash,
  admin: row.admin !== 0,
  disabled: row.disabled !== 0,
  createdAt: row.created_at,
});

interface TokenRow {
  readonly id: string;
  readonly hash: string;
  readonly user_id: string;
  readonly name: string;
  readonly created_at: string;
  readonly expires_at: string | null;
}

const toToken = (row: TokenRow): TokenRecord => ({
  id: row.id,
  hash: row.hash,
  userId: row.user_id,
  name: row.name,
  createdAt: row.created_at,
  expiresAt: row.expires_at,
});

interface MemberRow {
  readonly analysis_id: string;
  readonly user_id: string;
  readonly role: Role;
}

const toMember = (row: MemberRow): MemberRecord => ({
  analysisId: row.analysis_id,
  userId: row.user_id,
  role: row.role,
});

const isUniqueViolation = (error: unknown): boolean =>
  (error as { code?: string }).code === "SQLITE_CONSTRAINT_UNIQUE" ||
  (error as { code?: string }).code === "SQLITE_CONSTRAINT_PRIMARYKEY";

const storeError = (error: unknown): AppError =>
  error instanceof AppError
    ? error
    : new AppError("store_unavailable", `store write failed: ${(error as Error).message}`);

export class SqliteStore implements DocumentStore, AccountStore, VersionStore, HistoryStore, AttachmentStore {
  /** Schema version after migrations ran on open. */
  readonly schemaVersion: number;
  /** Number of group-commit transactions run (observability and tests). */
  commits = 0;
  private readonly db: Database.Database;
  private queue: QueuedAppend[] = [];
  /** A commit ran in this turn (or a batch waits for `setImmediate`): further appends queue. */
  private hot = false;
  private closed = false;
  private readonly stmts;
  private readonly activity: SqliteActivityLog;
  private readonly attachments: SqliteAttachments;

  constructor(options: SqliteStoreOptions) {
    mkdirSync(options.dataDir, { recursive: true });
    this.db = new Database(join(options.dataDir, "ach.sqlite"));
    this.db.pragma("journal_mode = WAL");
    this.db.pragma(`synchronous = ${options.synchronous ?? "NORMAL"}`);
    this.db.pragma("foreign_keys = ON");
    this.db.pragma("busy_timeout = 5000");
    this.schemaVersion = runMigrations(this.db, options.migrations ?? SQLITE_MIGRATIONS);
    this.activity = new SqliteActivityLog(this.db);
    this.attachments = new SqliteAttachments(this.db);
    const db = this.db;
    this.stmts = {
      insertUpdate: db.prepare("INSERT INTO updates (doc, data, user_id, created_at) VALUES (?, ?, ?, ?)"),
      snapshot: db.prepare("SELECT data, through_seq FROM snapshots WHERE doc = ?"),
      log: db.prepare("SELECT seq, data FROM updates WHERE doc = ? ORDER BY seq"),
      upsertSnapshot: db.prepare(
        `INSERT INTO snapshots (doc, data, through_seq, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (doc) DO UPDATE SET data = excluded.data, through_seq = excluded.through_seq,
         updated_at = excluded.updated_at WHERE excluded.through_seq >= snapshots.through_seq`,
      ),
      deleteLog: db.prepare("DELETE FROM updates WHERE doc = ? AND seq <= ?"),
      listAnalyses: db.prepare("SELECT * FROM analyses ORDER BY created_at DESC, id"),
      getAnalysis: db.prepare("SELECT * FROM analyses WHERE id = ?"),
      insertAnalysis: db.prepare(
        `INSERT INTO analyses (id, title, created_at, updated_at, archived, created_by)
         VALUES (@id, @title, @createdAt, @updatedAt, @archived, @createdBy)`,
      ),
      getSetting: db.prepare("SELECT value FROM settings WHERE key = ?"),
      setSetting: db.prepare(
        "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
      ),
      listDocuments: db.prepare(
        `SELECT doc FROM updates WHERE substr(doc, 1, @len) = @prefix
         UNION SELECT doc FROM snapshots WHERE substr(doc, 1, @len) = @prefix ORDER BY doc`,
      ),
      size: db.prepare(
        `SELECT (SELECT COALESCE(SUM(LENGTH(data)), 0) FROM updates WHERE doc = ?)
              + (SELECT COALESCE(SUM(LENGTH(data)), 0) FROM snapshots WHERE doc = ?) AS bytes`,
      ),
      insertUser: db.prepare(
        `INSERT INTO users (id, name, password_hash, admin, disabled, created_at)
         VALUES (@id, @name, @passwordHash, @admin, @disabled, @createdAt)`,
      ),
      getUser: db.prepare("SELECT * FROM users WHERE id = ?"),
      getUserByName: db.prepare("SELECT * FROM users WHERE name = ? COLLATE NOCASE"),
      listUsers: db.prepare("SELECT * FROM users ORDER BY name COLLATE NOCASE, id"),
      insertSession: db.prepare(
        "INSERT INTO sessions (id_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)",
      ),
      getSession: db.prepare("SELECT * FROM sessions WHERE id_hash = ?"),
      deleteSession: db.prepare("DELETE FROM sessions WHERE id_hash = ?"),
      deleteUserSessions: db.prepare("DELETE FROM sessions WHERE user_id = ? AND id_hash <> ?"),
      insertToken: db.prepare(
        `INSERT INTO api_tokens (id, hash, user_id, name, created_at, expires_at)
         VALUES (@id, @hash, @userId, @name, @createdAt, @expiresAt)`,
      ),
      getToken: db.prepare("SELECT * FROM api_tokens WHERE hash = ?"),
      listTokens: db.prepare("SELECT * FROM api_tokens WHERE user_id = ? ORDER BY created_at DESC, id"),
      deleteToken: db.prepare("DELETE FROM api_tokens WHERE user_id = ? AND id = ?"),
      upsertMember: db.prepare(
        `INSERT INTO memberships (analysis_id, user_id, role, joined_seq)
         VALUES (@analysisId, @userId, @role, (SELECT COALESCE(MAX(joined_seq), 0) + 1 FROM memberships))
         ON CONFLICT (analysis_id, user_id) DO UPDATE SET role = excluded.role`,
      ),
      deleteMember: db.prepare("DELETE FROM memberships WHERE analysis_id = ? AND user_id = ?"),
      getMember: db.prepare("SELECT role FROM memberships WHERE analysis_id = ? AND user_id = ?"),
      listMembers: db.prepare("SELECT * FROM memberships WHERE analysis_id = ? ORDER BY joined_seq"),
      listMemberships: db.prepare("SELECT * FROM memberships WHERE user_id = ? ORDER BY joined_seq"),
      insertVersion: db.prepare(
        `INSERT INTO versions (id, analysis_id, name, kind, created_by, created_at)
         VALUES (@id, @analysisId, @name, @kind, @createdBy, @createdAt)`,
      ),
      insertVersionDocument: db.prepare(
        "INSERT INTO version_documents (version_id, doc, data) VALUES (?, ?, ?)",
      ),
      listVersions: db.prepare(
        "SELECT * FROM versions WHERE analysis_id = ? ORDER BY created_at DESC, rowid DESC",
      ),
      getVersion: db.prepare("SELECT * FROM versions WHERE id = ?"),
      versionDocuments: db.prepare(
        "SELECT doc, data FROM version_documents WHERE version_id = ? ORDER BY doc",
      ),
    };
  }

  async loadDocument(name: string): Promise<StoredDocument> {
    this.assertOpen();
    const snapshot = this.stmts.snapshot.get(name) as { data: Buffer; through_seq: number } | undefined;
    const rows = this.stmts.log.all(name) as { seq: number; data: Buffer }[];
    const updates: Uint8Array[] = snapshot ? [new Uint8Array(snapshot.data)] : [];
    let logBytes = 0;
    for (const row of rows) {
      updates.push(new Uint8Array(row.data));
      logBytes += row.data.byteLength;
    }
    const last = rows[rows.length - 1];
    return { updates, lastSeq: last?.seq ?? snapshot?.through_seq ?? 0, logCount: rows.length, logBytes };
  }

  appendUpdate(name: string, update: Uint8Array, meta: StoredUpdateMeta): Promise<number> {
    if (this.closed) return Promise.reject(new AppError("store_unavailable", "store is closed"));
    if (!this.hot) {
      this.hot = true;
      setImmediate(() => this.flush());
      try {
        // One statement commits on its own (autocommit): no BEGIN/COMMIT statements around it.
        const seq = this.insertUpdate(name, update, meta.userId, new Date().toISOString());
        this.commits += 1;
        return Promise.resolve(seq);
      } catch (error) {
        return Promise.reject(storeError(error));
      }
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ name, data: update, userId: meta.userId, resolve, reject });
    });
  }

  async compact(name: string, snapshot: Uint8Array, throughSeq: number): Promise<void> {
    this.assertOpen();
    try {
      this.db.transaction(() => {
        this.stmts.upsertSnapshot.run(name, snapshot, throughSeq, new Date().toISOString());
        this.stmts.deleteLog.run(name, throughSeq);
      })();
    } catch (error) {
      throw storeError(error);
    }
  }

  async listAnalyses(): Promise<AnalysisRecord[]> {
    this.assertOpen();
    return (this.stmts.listAnalyses.all() as AnalysisRow[]).map(toRecord);
  }

  async getAnalysis(id: string): Promise<AnalysisRecord | null> {
    this.assertOpen();
    const row = this.stmts.getAnalysis.get(id) as AnalysisRow | undefined;
    return row ? toRecord(row) : null;
  }

  async createAnalysis(
    record: AnalysisRecord,
    documents: ReadonlyMap<string, Uint8Array>,
    meta: StoredUpdateMeta,
    members: readonly MemberRecord[] = [],
  ): Promise<void> {
    this.assertOpen();
    if (this.stmts.getAnalysis.get(record.id)) {
      throw new AppError("conflict", `analysis ${record.id} already exists`);
    }
    const now = new Date().toISOString();
    try {
      this.db.transaction(() => {
        this.stmts.insertAnalysis.run({ ...record, archived: record.archived ? 1 : 0 });
        for (const [name, data] of documents) this.stmts.insertUpdate.run(name, data, meta.userId, now);
        for (const member of members) this.stmts.upsertMember.run(member);
      })();
    } catch (error) {
      throw storeError(error);
    }
  }

  async updateAnalysis(id: string, patch: AnalysisPatch): Promise<void> {
    this.assertOpen();
    const sets: string[] = ["updated_at = @updatedAt"];
    if (patch.title !== undefined) sets.push("title = @title");
    if (patch.archived !== undefined) sets.push("archived = @archived");
    let changes: number;
    try {
      changes = this.db.prepare(`UPDATE analyses SET ${sets.join(", ")} WHERE id = @id`).run({
        id,
        updatedAt: new Date().toISOString(),
        title: patch.title ?? null,
        archived: patch.archived ? 1 : 0,
      }).changes;
    } catch (error) {
      throw storeError(error);
    }
    if (changes === 0) throw notFound("analysis");
  }

  async getSetting(key: string): Promise<string | null> {
    this.assertOpen();
    const row = this.stmts.getSetting.get(key) as { value: string } | undefined;
    return row?.value ?? null;
  }

  async setSetting(key: string, value: string): Promise<void> {
    this.assertOpen();
    try {
      this.stmts.setSetting.run(key, value);
    } catch (error) {
      throw storeError(error);
    }
  }

  async listDocuments(prefix: string): Promise<string[]> {
    this.assertOpen();
    const rows = this.stmts.listDocuments.all({ prefix, len: prefix.length }) as { doc: string }[];
    return rows.map((row) => row.doc);
  }

  async documentSize(name: string): Promise<number> {
    this.assertOpen();
    return (this.stmts.size.get(name, name) as { bytes: number }).bytes;
  }

  async createUser(user: UserRecord): Promise<void> {
    this.assertOpen();
    try {
      this.stmts.insertUser.run({ ...user, admin: user.admin ? 1 : 0, disabled: user.disabled ? 1 : 0 });
    } catch (error) {
      if (isUniqueViolation(error)) throw new AppError("conflict", `a user named "${user.name}" exists`);
      throw storeError(error);
    }
  }

  async getUser(id: string): Promise<UserRecord | null> {
    this.assertOpen();
    const row = this.stmts.getUser.get(id) as UserRow | undefined;
    return row ? toUser(row) : null;
  }

  async getUserByName(name: string): Promise<UserRecord | null> {
    this.assertOpen();
    const row = this.stmts.getUserByName.get(name) as UserRow | undefined;
    return row ? toUser(row) : null;
  }

  async listUsers(): Promise<UserRecord[]> {
    this.assertOpen();
    return (this.stmts.listUsers.all() as UserRow[]).map(toUser);
  }

  async updateUser(id: string, patch: UserPatch): Promise<void> {
    this.assertOpen();
    const sets: string[] = [];
    if (patch.passwordHash !== undefined) sets.push("password_hash = @passwordHash");
    if (patch.admin !== undefined) sets.push("admin = @admin");
    if (patch.disabled !== undefined) sets.push("disabled = @disabled");
    if (sets.length === 0) {
      if (!(await this.getUser(id))) throw notFound("user");
      return;
    }
    let changes: number;
    try {
      changes = this.db.prepare(`UPDATE users SET ${sets.join(", ")} WHERE id = @id`).run({
        id,
        passwordHash: patch.passwordHash ?? null,
        admin: patch.admin ? 1 : 0,
        disabled: patch.disabled ? 1 : 0,
      }).changes;
    } catch (error) {
      throw storeError(error);
    }
    if (changes === 0) throw notFound("user");
  }

  async createSession(session: SessionRecord): Promise<void> {
    this.assertOpen();
    try {
      this.stmts.insertSession.run(session.idHash, session.userId, session.createdAt, session.expiresAt);
    } catch (error) {
      throw storeError(error);
    }
  }

  async getSession(idHash: string): Promise<SessionRecord | null> {
    this.assertOpen();
    const row = this.stmts.getSession.get(idHash) as
      | { id_hash: string; user_id: string; created_at: string; expires_at: string }
      | undefined;
    return row
      ? { idHash: row.id_hash, userId: row.user_id, createdAt: row.created_at, expiresAt: row.expires_at }
      : null;
  }

  async deleteSession(idHash: string): Promise<void> {
    this.assertOpen();
    this.stmts.deleteSession.run(idHash);
  }

  async deleteUserSessions(userId: string, exceptIdHash = ""): Promise<void> {
    this.assertOpen();
    this.stmts.deleteUserSessions.run(userId, exceptIdHash);
  }

  async createToken(token: TokenRecord): Promise<void> {
    this.assertOpen();
    try {
      this.stmts.insertToken.run(token);
    } catch (error) {
      throw storeError(error);
    }
  }

  async getTokenByHash(hash: string): Promise<TokenRecord | null> {
    this.assertOpen();
    const row = this.stmts.getToken.get(hash) as TokenRow | undefined;
    return row ? toToken(row) : null;
  }

  async listTokens(userId: string): Promise<TokenRecord[]> {
    this.assertOpen();
    return (this.stmts.listTokens.all(userId) as TokenRow[]).map(toToken);
  }

  async deleteToken(userId: string, tokenId: string): Promise<boolean> {
    this.assertOpen();
    return this.stmts.deleteToken.run(userId, tokenId).changes > 0;
  }

  async setMember(member: MemberRecord): Promise<void> {
    this.assertOpen();
    try {
      this.stmts.upsertMember.run(member);
    } catch (error) {
      throw storeError(error);
    }
  }

  async removeMember(analysisId: string, userId: string): Promise<boolean> {
    this.assertOpen();
    return this.stmts.deleteMember.run(analysisId, userId).changes > 0;
  }

  async getMemberRole(analysisId: string, userId: string): Promise<Role | null> {
    this.assertOpen();
    const row = this.stmts.getMember.get(analysisId, userId) as { role: Role } | undefined;
    return row?.role ?? null;
  }

  async listMembers(analysisId: string): Promise<MemberRecord[]> {
    this.assertOpen();
    return (this.stmts.listMembers.all(analysisId) as MemberRow[]).map(toMember);
  }

  async listMemberships(userId: string): Promise<MemberRecord[]> {
    this.assertOpen();
    return (this.stmts.listMemberships.all(userId) as MemberRow[]).map(toMember);
  }

  async saveVersion(record: VersionRecord, documents: ReadonlyMap<string, Uint8Array>): Promise<void> {
    this.assertOpen();
    try {
      this.db.transaction(() => {
        this.stmts.insertVersion.run(record);
        for (const [doc, data] of documents) this.stmts.insertVersionDocument.run(record.id, doc, data);
      })();
    } catch (error) {
      if (isUniqueViolation(error)) throw new AppError("conflict", `version ${record.id} already exists`);
      throw storeError(error);
    }
  }

  async listVersions(analysisId: string): Promise<VersionRecord[]> {
    this.assertOpen();
    return (this.stmts.listVersions.all(analysisId) as VersionRow[]).map(versionRecordOf);
  }

  async getVersion(id: string): Promise<StoredVersion | null> {
    this.assertOpen();
    const row = this.stmts.getVersion.get(id) as VersionRow | undefined;
    if (!row) return null;
    const docs = this.stmts.versionDocuments.all(id) as { doc: string; data: Buffer }[];
    return {
      record: versionRecordOf(row),
      documents: new Map(docs.map((d) => [d.doc, new Uint8Array(d.data)])),
    };
  }

  appendActivity(entries: readonly ActivityInput[]): Promise<void> {
    if (this.closed) return Promise.reject(new AppError("store_unavailable", "store is closed"));
    return this.activity.appendActivity(entries);
  }

  async listActivity(analysisId: string, query: ActivityQuery): Promise<ActivityEntry[]> {
    this.assertOpen();
    return this.activity.listActivity(analysisId, query);
  }

  async lastActivityAt(analysisId: string): Promise<string | null> {
    this.assertOpen();
    return this.activity.lastActivityAt(analysisId);
  }

  saveAttachment(record: AttachmentRecord, bytes: Uint8Array, maxAnalysisBytes: number): Promise<void> {
    if (this.closed) return Promise.reject(new AppError("store_unavailable", "store is closed"));
    return this.attachments.saveAttachment(record, bytes, maxAnalysisBytes);
  }

  listAttachments(analysisId: string): Promise<AttachmentRecord[]> {
    if (this.closed) return Promise.reject(new AppError("store_unavailable", "store is closed"));
    return this.attachments.listAttachments(analysisId);
  }

  getAttachmentRecord(analysisId: string, id: string): Promise<AttachmentRecord | null> {
    if (this.closed) return Promise.reject(new AppError("store_unavailable", "store is closed"));
    return this.attachments.getAttachmentRecord(analysisId, id);
  }

  getAttachment(analysisId: string, id: string): Promise<StoredAttachment | null> {
    if (this.closed) return Promise.reject(new AppError("store_unavailable", "store is closed"));
    return this.attachments.getAttachment(analysisId, id);
  }

  deleteAttachment(analysisId: string, id: string): Promise<boolean> {
    if (this.closed) return Promise.reject(new AppError("store_unavailable", "store is closed"));
    return this.attachments.deleteAttachment(analysisId, id);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.flush();
    this.activity.flush();
    this.closed = true;
    this.db.close();
  }

  /** Commits what queued behind this turn's first commit; the next append commits at once again. */
  private flush(): void {
    this.hot = false;
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return;
    const now = new Date().toISOString();
    let seqs: number[];
    try {
      seqs = this.db.transaction(() =>
        batch.map((item) => this.insertUpdate(item.name, item.data, item.userId, now)),
      )();
    } catch (error) {
      const failure = storeError(error);
      for (const item of batch) item.reject(failure);
      return;
    }
    this.commits += 1;
    for (const [index, item] of batch.entries()) item.resolve(seqs[index] ?? 0);
  }

  private insertUpdate(name: string, data: Uint8Array, userId: string | null, now: string): number {
    return Number(this.stmts.insertUpdate.run(name, data, userId, now).lastInsertRowid);
  }

  private assertOpen(): void {
    if (this.closed) throw new AppError("store_unavailable", "store is closed");
  }
}
