/**
 * PostgreSQL through a `pg` pool, in one schema (`search_path`), for running several instances over
 * one database. A connection the server drops never crashes the process: the next query reconnects,
 * and a statement on a cut connection fails with `store_unavailable`.
 */
import pg from "pg";
import {
  type SqlDialect,
  type SqlDriver,
  type SqlQuery,
  type SqlResult,
  type SqlTransaction,
  type Statement,
  storeClosed,
  storeError,
} from "./SqlDriver";

export interface PostgresConnection {
  /** `postgres://user@host:port/database` */
  readonly connectionString: string;
  /** Schema holding the tables (created if missing); tests use one per test. Default "public". */
  readonly schema?: string;
  /** Pool size: append commits use one connection at a time, reads and compaction the rest (default 10). */
  readonly poolSize?: number;
  /** Milliseconds to wait for a connection before an operation fails (default 5 000). */
  readonly connectTimeoutMs?: number;
}

export const POSTGRES_DIALECT: SqlDialect = {
  name: "postgres",
  byCodePoint: ' COLLATE "C"',
  nextJoinSeq: "DEFAULT",
  insertOrder: "ord",
  // Appends commit as soon as the current callback ends; while a commit is in flight the next batch
  // gathers, so at most one append transaction per instance runs and seqs follow append order.
  appends: { delay: "microtask" },
  activity: { delay: "immediate" },
  // 3 parameters a row, under PostgreSQL's 65 535 parameter limit.
  rowsPerInsert: 5_000,
  lastRowid: false,
};

const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/** The driver's rows are untyped: the caller names the row shape its SQL selects. */
const resultOf = <R>(result: pg.QueryResult): SqlResult<R> => ({
  rows: result.rows as R[],
  changes: result.rowCount ?? 0,
});

export class PostgresDriver implements SqlDriver {
  readonly dialect = POSTGRES_DIALECT;
  private closed = false;

  private constructor(
    private readonly pool: pg.Pool,
    readonly schema: string,
  ) {}

  /** Connects and creates the schema if needed; rejects if PostgreSQL cannot be reached. */
  static async connect(options: PostgresConnection): Promise<PostgresDriver> {
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
      await pool.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    } catch (error) {
      await pool.end().catch(() => undefined);
      throw error;
    }
    return new PostgresDriver(pool, schema);
  }

  async query<R>(sql: string, params: readonly unknown[] = []): Promise<SqlResult<R>> {
    if (this.closed) throw storeClosed();
    try {
      return resultOf<R>(await this.pool.query(sql, [...params]));
    } catch (error) {
      throw storeError(error, "PostgreSQL");
    }
  }

  async exec(sql: string): Promise<void> {
    await this.query(sql);
  }

  async batch(statements: readonly Statement[]): Promise<SqlResult[]> {
    // One statement commits atomically on its own: one round trip instead of BEGIN, it and COMMIT.
    const runAll = async (db: SqlQuery) => {
      const results: SqlResult[] = [];
      for (const statement of statements) {
        const result = await db.query(statement.sql, statement.params);
        if (result.changes === 0 && statement.unlessChanged) throw statement.unlessChanged();
        results.push(result);
      }
      return results;
    };
    return statements.length === 1 ? runAll(this) : this.transaction(runAll);
  }

  async transaction<T>(work: (tx: SqlTransaction) => Promise<T>): Promise<T> {
    if (this.closed) throw storeClosed();
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      throw storeError(error, "PostgreSQL");
    }
    let broken = false;
    // A checked-out client has no pool listener: a connection cut mid-transaction must not crash the process.
    const onError = () => {
      broken = true;
    };
    client.on("error", onError);
    const tx: SqlTransaction = {
      query: async <R>(sql: string, params: readonly unknown[] = []) =>
        resultOf<R>(await client.query(sql, [...params])),
      exec: async (sql) => {
        await client.query(sql);
      },
      lock: async (key) => {
        await client.query("SELECT pg_advisory_xact_lock(hashtext(current_schema() || $1))", [key]);
      },
    };
    try {
      await client.query("BEGIN");
      const result = await work(tx);
      await client.query("COMMIT");
      return result;
    } catch (error) {
      await client.query("ROLLBACK").catch(() => {
        broken = true;
      });
      throw storeError(error, "PostgreSQL");
    } finally {
      client.off("error", onError);
      client.release(broken);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }
}
