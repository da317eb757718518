/**
 * What the SQL store needs from a database: statements with `$1…$n` parameters (the SQLite driver
 * rewrites them), atomic batches, interactive transactions, and the few places the dialects differ.
 * Two drivers: SqliteDriver (better-sqlite3, synchronous) and PostgresDriver (`pg` pool).
 */
import { AppError } from "../../../shared/errors";
import type { GroupCommitOptions } from "../groupCommit";

type Timing = Pick<GroupCommitOptions<unknown, unknown>, "delay" | "commitWhenIdle">;

export interface SqlResult<R = Record<string, unknown>> {
  readonly rows: R[];
  /** Rows the statement inserted, updated or deleted. */
  readonly changes: number;
  /** SQLite: the rowid of the last row an INSERT added (see `SqlDialect.lastRowid`). */
  readonly lastRowid?: number;
}

export interface Statement {
  readonly sql: string;
  readonly params: readonly unknown[];
  /** The error to fail the whole batch with (rolling it back) when this statement changes no row. */
  readonly unlessChanged?: () => AppError;
}

export interface SqlQuery {
  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<SqlResult<R>>;
  /** Runs several statements without parameters (DDL). */
  exec(sql: string): Promise<void>;
}

export interface SqlTransaction extends SqlQuery {
  /** Holds a lock named `key` until the transaction ends, across every instance on the database. */
  lock(key: string): Promise<void>;
}

/** The SQL that differs between the dialects (everything else is written once). */
export interface SqlDialect {
  readonly name: "sqlite" | "postgres";
  /** Appended to ORDER BY on text so both sort by code point whatever the database collation. */
  readonly byCodePoint: string;
  /** Value of `memberships.joined_seq` for a new member (join order). */
  readonly nextJoinSeq: string;
  /** Column that orders rows inserted in the same millisecond (versions, attachments). */
  readonly insertOrder: string;
  /** When queued appends commit (see groupCommit.ts). */
  readonly appends: Timing;
  /** When queued activity entries commit. */
  readonly activity: Timing;
  /** Rows per multi-row INSERT: SQLite reuses one prepared single-row statement, PostgreSQL saves round trips. */
  readonly rowsPerInsert: number;
  /**
   * With `rowsPerInsert` 1, an INSERT learns its key from `SqlResult.lastRowid`, not `RETURNING` (SQLite:
   * RETURNING costs about 8 µs of CPU more per append, on the path of every edit).
   */
  readonly lastRowid: boolean;
}

export interface SqlDriver extends SqlQuery {
  readonly dialect: SqlDialect;
  /**
   * Runs the statements in one transaction (one statement: on its own) and resolves with their
   * results. On SQLite it runs synchronously: it has committed when the call returns.
   */
  batch(statements: readonly Statement[]): Promise<SqlResult[]>;
  /** Runs `work` in one transaction; other callers' statements wait until it ends. */
  transaction<T>(work: (tx: SqlTransaction) => Promise<T>): Promise<T>;
  /** Waits for nothing: callers close their queues first. Later calls reject. */
  close(): Promise<void>;
}

/** Any failure of the database as the `store_unavailable` error routes and rooms report; AppErrors pass. */
export const storeError = (error: unknown, database: string): AppError =>
  error instanceof AppError
    ? error
    : new AppError("store_unavailable", `${database} store failed: ${(error as Error).message}`);

export const storeClosed = (): AppError => new AppError("store_unavailable", "store is closed");
