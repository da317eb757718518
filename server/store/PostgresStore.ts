/**
 * PostgreSQL DocumentStore (`pg`), for running several instances over one database.
 *
 * Group commit: appends queue and are written by one multi-row INSERT in one transaction, started
 * as soon as the current callback ends (a microtask, not the next turn: an idle store commits at
 * once); while that commit is in flight the next batch gathers, so at most one append transaction
 * per instance runs at a time and seqs follow append order within an instance.
 *
 * Compaction with several instances: an instance's snapshot need not contain rows another instance
 * appended (pub/sub may not have delivered them yet). So `compact` folds, under a transaction-scoped
 * advisory lock (released by COMMIT or by the connection dying, never by a timer), the stored snapshot
 * and the log rows it reads into the caller's snapshot, and deletes exactly the rows it folded. Two
 * instances compacting one document at once serialise on the lock and lose nothing.
 */
import pg from "pg";
import type { Role } from "../../shared/accounts";
import type { AttachmentRecord } from "../../shared/attachments";
import { AppError, notFound } from "../../shared/errors";
import type { ActivityEntry, ActivityInput } from "../../shared/history/activity";
import { foldUpdates } from "../workers/foldUpdates";
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
import { PostgresAccounts, type RunQuery } from "./PostgresAccounts";
import { PostgresHistory } from "./PostgresHistory";
import { PostgresAttachments } from "./postgresAttachments";
import { POSTGRES_MIGRATIONS, type PostgresMigration, runPostgresMigrations } from "./postgresMigrations";
import type { StoredVersion, VersionRecord, VersionStore } from "./VersionStore";

export interface PostgresStoreOptions {
  /** `postgres://user@host:port/database` */
  readonly connectionString: string;
  /** Schema holding the tables (created if missing); tests use one per test. Default "public". */
  readonly schema?: string;
  /** Pool size: append commits use one connection at a time, reads and compaction the rest (default 10). */
  readonly poolSize?: number;
  /** Milliseconds to wait for a connection before an operation fails (default 5 000). */
  readonly connectTimeoutMs?: number;
  /** Override only in migration tests. */
  readonly migrations?: readonly PostgresMigration[];
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
  readonly archived: boolean;
  readonly created_by: string | null;
}

const toRecord = (row: AnalysisRow): AnalysisRecord => ({
  id: row.id,
  title: row.title,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  archived: row.archived,
  createdBy: row.created_by,
});

/** Rows per INSERT: 3 parameters each, under PostgreSQL's 65 535 parameter limit. */
const MAX_ROWS_PER_INSERT = 5_000;
const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

const unavailable = (message: string): AppError => new AppError("store_unavailable", message);

const storeError = (error: unknown): AppError =>
  error instanceof AppError ? error : unavailable(`PostgreSQL store failed: ${(error as Error).message}`);

const bytes = (data: Buffer): Uint8Array => new Uint8Array(data.buffer, data.byteOffset, data.byteLength);

export class PostgresStore
  implements DocumentStore, AccountStore, HistoryStore, VersionStore, AttachmentStore
{
  /** Number of group-commit transactions run (observability and tests). */
  commits = 0;
  private queue: QueuedAppend[] = [];
  private flushScheduled = false;
  private flushing: Promise<void> | null = null;
  private closed = false;
  private readonly run: RunQuery = async <R extends pg.QueryResultRow>(text: string, values: unknown[]) => {
    this.assertOpen();
    try {
      return await this.pool.query<R>(text, values);
    } catch (error) {
      throw storeError(error);
    }
  };
  private readonly accounts = new PostgresAccounts(
    this.run,
    async <R extends pg.QueryResultRow>(text: string, values: unknown[]) => {
      this.assertOpen();
      return this.pool.query<R>(text, values);
    },
  );
  // No open check here: closing drains queued activity through it.
  private readonly history = new PostgresHistory(this.run, (work) => this.transaction(work));
  private readonly attachments = new PostgresAttachments(this.run, (work) => {
    this.assertOpen();
    return this.transaction(work);
  });

  private constructor(
    private readonly pool: pg.Pool,
    /** Schema version after migrations ran on open. */
    readonly schemaVersion: number,
    readonly schema: string,
  ) {}

  /** Connects, creates the schema if needed and migrates it; rejects if PostgreSQL cannot be reached. */
  static async open(options: PostgresStoreOptions): Promise<PostgresStore> {
    const schema = options.schema ?? "public";
    if (!SCHEMA_NAME.test(schema)) throw new Error(`invalid PostgreSQL schema name "${schema}"`);
    const pool = new pg.Pool({
      connectionString: options.connectionString,
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000,
      options: `-c search_path=${schema}`,
      // Names this instance's sessions in pg_stat_activity (operators and tests can find them).
      application_name: `ach-workspace:${schema}`,
    });
    // An idle connection dropped by the server must not crash the process; the next query reconnects.
    pool.on("error", () => undefined);
    try {
      const client = await pool.connect();
      client.on("error", () => undefined);
      try {
        await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
        const version = await runPostgresMigrations(client, options.migrations ?? POSTGRES_MIGRATIONS);
        return new PostgresStore(pool, version, schema);
      } finally {
        client.release();
      }
    } catch (error) {
      await pool.end().catch(() => undefined);
      throw error;
    }
  }

  async loadDocument(name: string): Promise<StoredDocument> {
    this.assertOpen();
    try {
      // One snapshot-consistent read, so a compaction between two SELECTs cannot hide rows.
      const result = await this.pool.query<{ kind: number; seq: string; data: Buffer }>(
        `SELECT 0 AS kind, through_seq AS seq, data FROM snapshots WHERE doc = $1
         UNION ALL SELECT 1 AS kind, seq, data FROM updates WHERE doc = $1
         ORDER BY kind, seq`,
        [name],
      );
      const updates: Uint8Array[] = [];
      let lastSeq = 0;
      let logCount = 0;
      let logBytes = 0;
      for (const row of result.rows) {
        updates.push(bytes(row.data));
        lastSeq = Math.max(lastSeq, Number(row.seq));
        if (row.kind === 1) {
          logCount += 1;
          logBytes += row.data.byteLength;
        }
      }
      return { updates, lastSeq, logCount, logBytes };
    } catch (error) {
      throw storeError(error);
    }
  }

  appendUpdate(name: string, update: Uint8Array, meta: StoredUpdateMeta): Promise<number> {
    return new Promise((resolve, reject) => {
      if (this.closed) {
        reject(unavailable("store is closed"));
        return;
      }
      this.queue.push({ name, data: update, userId: meta.userId, resolve, reject });
      this.scheduleFlush();
    });
  }

  async compact(
    name: string,
    snapshot: Uint8Array,
    throughSeq: number,
    fold: (updates: readonly Uint8Array[]) => Promise<Uint8Array> = async (updates) => foldUpdates(updates),
  ): Promise<void> {
    this.assertOpen();
    await this.transaction(async (client) => {
      await client.query("SELECT pg_advisory_xact_lock(hashtext(current_schema() || ':compact:' || $1))", [
        name,
      ]);
      const stored = await client.query<{ data: Buffer; through_seq: string }>(
        "SELECT data, through_seq FROM snapshots WHERE doc = $1",
        [name],
      );
      const rows = await client.query<{ seq: string; data: Buffer }>(
        "SELECT seq, data FROM updates WHERE doc = $1 AND seq <= $2 ORDER BY seq",
        [name, throughSeq],
      );
      const previous = stored.rows[0];
      const folded = await fold([
        ...(previous ? [bytes(previous.data)] : []),
        ...rows.rows.map((row) => bytes(row.data)),
        snapshot,
      ]);
      const through = Math.max(throughSeq, Number(previous?.through_seq ?? 0));
      await client.query(
        `INSERT INTO snapshots (doc, data, through_seq, updated_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (doc) DO UPDATE SET data = excluded.data, through_seq = excluded.through_seq,
         updated_at = excluded.updated_at`,
        [name, folded, through, new Date().toISOString()],
      );
      // Only the rows read above: a row committed meanwhile by another instance stays in the log.
      await client.query("DELETE FROM updates WHERE doc = $1 AND seq = ANY($2::bigint[])", [
        name,
        rows.rows.map((row) => row.seq),
      ]);
    });
  }

  async listAnalyses(): Promise<AnalysisRecord[]> {
    const rows = await this.query<AnalysisRow>(
      'SELECT * FROM analyses ORDER BY created_at DESC, id COLLATE "C"',
      [],
    );
    return rows.map(toRecord);
  }

  async getAnalysis(id: string): Promise<AnalysisRecord | null> {
    const rows = await this.query<AnalysisRow>("SELECT * FROM analyses WHERE id = $1", [id]);
    return rows[0] ? toRecord(rows[0]) : null;
  }

  async createAnalysis(
    record: AnalysisRecord,
    documents: ReadonlyMap<string, Uint8Array>,
    meta: StoredUpdateMeta,
    members: readonly MemberRecord[] = [],
  ): Promise<void> {
    this.assertOpen();
    const now = new Date().toISOString();
    await this.transaction(async (client) => {
      const inserted = await client.query(
        `INSERT INTO analyses (id, title, created_at, updated_at, archived, created_by)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING`,
        [record.id, record.title, record.createdAt, record.updatedAt, record.archived, record.createdBy],
      );
      if (inserted.rowCount === 0) throw new AppError("conflict", `analysis ${record.id} already exists`);
      for (const [name, data] of documents) {
        await client.query("INSERT INTO updates (doc, data, user_id, created_at) VALUES ($1, $2, $3, $4)", [
          name,
          data,
          meta.userId,
          now,
        ]);
      }
      for (const member of members) {
        await client.query(
          `INSERT INTO memberships (analysis_id, user_id, role) VALUES ($1, $2, $3)
           ON CONFLICT (analysis_id, user_id) DO UPDATE SET role = excluded.role`,
          [member.analysisId, member.userId, member.role],
        );
      }
    });
  }

  async updateAnalysis(id: string, patch: AnalysisPatch): Promise<void> {
    this.assertOpen();
    let changed: number;
    try {
      const result = await this.pool.query(
        `UPDATE analyses SET updated_at = $2, title = COALESCE($3, title), archived = COALESCE($4, archived)
         WHERE id = $1`,
        [id, new Date().toISOString(), patch.title ?? null, patch.archived ?? null],
      );
      changed = result.rowCount ?? 0;
    } catch (error) {
      throw storeError(error);
    }
    if (changed === 0) throw notFound("analysis");
  }

  async getSetting(key: string): Promise<string | null> {
    const rows = await this.query<{ value: string }>("SELECT value FROM settings WHERE key = $1", [key]);
    return rows[0]?.value ?? null;
  }

  async setSetting(key: string, value: string): Promise<void> {
    await this.query(
      "INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
      [key, value],
    );
  }

  async listDocuments(prefix: string): Promise<string[]> {
    const rows = await this.query<{ doc: string }>(
      `SELECT doc FROM updates WHERE starts_with(doc, $1)
       UNION SELECT doc FROM snapshots WHERE starts_with(doc, $1)`,
      [prefix],
    );
    // Code-point order, like the other stores, whatever the database collation.
    return rows.map((row) => row.doc).sort();
  }

  async documentSize(name: string): Promise<number> {
    const rows = await this.query<{ bytes: string }>(
      `SELECT (SELECT COALESCE(SUM(octet_length(data)), 0) FROM updates WHERE doc = $1)
            + (SELECT COALESCE(SUM(octet_length(data)), 0) FROM snapshots WHERE doc = $1) AS bytes`,
      [name],
    );
    return Number(rows[0]?.bytes ?? 0);
  }

  createUser(user: UserRecord): Promise<void> {
    return this.accounts.createUser(user);
  }

  getUser(id: string): Promise<UserRecord | null> {
    return this.accounts.getUser(id);
  }

  getUserByName(name: string): Promise<UserRecord | null> {
    return this.accounts.getUserByName(name);
  }

  listUsers(): Promise<UserRecord[]> {
    return this.accounts.listUsers();
  }

  updateUser(id: string, patch: UserPatch): Promise<void> {
    return this.accounts.updateUser(id, patch);
  }

  createSession(session: SessionRecord): Promise<void> {
    return this.accounts.createSession(session);
  }

  getSession(idHash: string): Promise<SessionRecord | null> {
    return this.accounts.getSession(idHash);
  }

  deleteSession(idHash: string): Promise<void> {
    return this.accounts.deleteSession(idHash);
  }

  deleteUserSessions(userId: string, exceptIdHash?: string): Promise<void> {
    return this.accounts.deleteUserSessions(userId, exceptIdHash);
  }

  createToken(token: TokenRecord): Promise<void> {
    return this.accounts.createToken(token);
  }

  getTokenByHash(hash: string): Promise<TokenRecord | null> {
    return this.accounts.getTokenByHash(hash);
  }

  listTokens(userId: string): Promise<TokenRecord[]> {
    return this.accounts.listTokens(userId);
  }

  deleteToken(userId: string, tokenId: string): Promise<boolean> {
    return this.accounts.deleteToken(userId, tokenId);
  }

  setMember(member: MemberRecord): Promise<void> {
    return this.accounts.setMember(member);
  }

  removeMember(analysisId: string, userId: string): Promise<boolean> {
    return this.accounts.removeMember(analysisId, userId);
  }

  getMemberRole(analysisId: string, userId: string): Promise<Role | null> {
    return this.accounts.getMemberRole(analysisId, userId);
  }

  listMembers(analysisId: string): Promise<MemberRecord[]> {
    return this.accounts.listMembers(analysisId);
  }

  listMemberships(userId: string): Promise<MemberRecord[]> {
    return this.accounts.listMemberships(userId);
  }

  async saveVersion(record: VersionRecord, documents: ReadonlyMap<string, Uint8Array>): Promise<void> {
    this.assertOpen();
    await this.history.saveVersion(record, documents);
  }

  listVersions(analysisId: string): Promise<VersionRecord[]> {
    return this.history.listVersions(analysisId);
  }

  getVersion(id: string): Promise<StoredVersion | null> {
    return this.history.getVersion(id);
  }

  appendActivity(entries: readonly ActivityInput[]): Promise<void> {
    if (this.closed) return Promise.reject(unavailable("store is closed"));
    return this.history.appendActivity(entries);
  }

  listActivity(analysisId: string, query: ActivityQuery): Promise<ActivityEntry[]> {
    return this.history.listActivity(analysisId, query);
  }

  lastActivityAt(analysisId: string): Promise<string | null> {
    return this.history.lastActivityAt(analysisId);
  }

  saveAttachment(record: AttachmentRecord, bytes: Uint8Array, maxAnalysisBytes: number): Promise<void> {
    return this.attachments.saveAttachment(record, bytes, maxAnalysisBytes);
  }

  listAttachments(analysisId: string): Promise<AttachmentRecord[]> {
    return this.attachments.listAttachments(analysisId);
  }

  getAttachmentRecord(analysisId: string, id: string): Promise<AttachmentRecord | null> {
    return this.attachments.getAttachmentRecord(analysisId, id);
  }

  getAttachment(analysisId: string, id: string): Promise<StoredAttachment | null> {
    return this.attachments.getAttachment(analysisId, id);
  }

  deleteAttachment(analysisId: string, id: string): Promise<boolean> {
    return this.attachments.deleteAttachment(analysisId, id);
  }

  /** Stores activity entries copied from another store with their folded counts (store migration). */
  async importActivity(entries: readonly ActivityEntry[]): Promise<void> {
    this.assertOpen();
    await this.history.importActivity(entries);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    while (this.flushing !== null || this.queue.length > 0) {
      await (this.flushing ?? this.flush());
    }
    await this.history.drain();
    await this.pool.end();
  }

  private scheduleFlush(): void {
    if (this.flushScheduled || this.flushing !== null) return;
    this.flushScheduled = true;
    queueMicrotask(() => {
      this.flushScheduled = false;
      void this.flush();
    });
  }

  private flush(): Promise<void> {
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return Promise.resolve();
    this.flushing = this.commitBatch(batch).finally(() => {
      this.flushing = null;
      if (this.queue.length > 0 && !this.closed) this.scheduleFlush();
    });
    return this.flushing;
  }

  private async commitBatch(batch: readonly QueuedAppend[]): Promise<void> {
    const now = new Date().toISOString();
    let seqs: number[];
    try {
      // One statement commits atomically on its own: a batch that fits one INSERT (nearly all) costs
      // one round trip instead of BEGIN, INSERT and COMMIT.
      seqs =
        batch.length <= MAX_ROWS_PER_INSERT
          ? await this.insertUpdates(this.pool, batch, now)
          : await this.transaction(async (client) => {
              const all: number[] = [];
              for (let start = 0; start < batch.length; start += MAX_ROWS_PER_INSERT) {
                all.push(
                  ...(await this.insertUpdates(client, batch.slice(start, start + MAX_ROWS_PER_INSERT), now)),
                );
              }
              return all;
            });
    } catch (error) {
      const failure = storeError(error);
      for (const item of batch) item.reject(failure);
      return;
    }
    this.commits += 1;
    for (const [index, item] of batch.entries()) item.resolve(seqs[index] ?? 0);
  }

  /** One multi-row INSERT; the seqs in append order. */
  private async insertUpdates(
    db: pg.Pool | pg.PoolClient,
    chunk: readonly QueuedAppend[],
    now: string,
  ): Promise<number[]> {
    const values: unknown[] = [now];
    const tuples = chunk.map((item, index) => {
      values.push(item.name, item.data, item.userId);
      const base = index * 3 + 2;
      return `($${base}, $${base + 1}, $${base + 2}, $1)`;
    });
    const result = await db.query<{ seq: string }>(
      `INSERT INTO updates (doc, data, user_id, created_at) VALUES ${tuples.join(", ")} RETURNING seq`,
      values,
    );
    // nextval runs in VALUES order; sorting does not rely on RETURNING's order.
    return result.rows.map((row) => Number(row.seq)).sort((a, b) => a - b);
  }

  private async transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      throw storeError(error);
    }
    let broken = false;
    // A checked-out client has no pool listener: a connection cut mid-transaction must not crash the process.
    const onError = () => {
      broken = true;
    };
    client.on("error", onError);
    try {
      await client.query("BEGIN");
      const result = await work(client);
      await client.query("COMMIT");
      return result;
    } catch (error) {
      await client.query("ROLLBACK").catch(() => {
        broken = true;
      });
      throw storeError(error);
    } finally {
      client.off("error", onError);
      client.release(broken);
    }
  }

  private async query<R extends pg.QueryResultRow>(text: string, values: unknown[]): Promise<R[]> {
    this.assertOpen();
    try {
      return (await this.pool.query<R>(text, values)).rows;
    } catch (error) {
      throw storeError(error);
    }
  }

  private assertOpen(): void {
    if (this.closed) throw unavailable("store is closed");
  }
}
