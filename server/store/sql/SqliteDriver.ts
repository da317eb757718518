/**
 * SQLite through better-sqlite3 (file `<dataDir>/ach.sqlite`, or in memory for tests).
 *
 * Durability: WAL with `synchronous=NORMAL` by default. A commit is in the WAL file (the OS page
 * cache) before it returns, so a killed process (SIGKILL, crash) loses nothing that was
 * acknowledged; only an OS crash or power loss can drop the last commits. `synchronous: "FULL"`
 * fsyncs every commit for that case, at a throughput cost that group commit keeps bounded.
 *
 * better-sqlite3 is synchronous: `query` and `batch` have run (and committed) when they return, which
 * is what lets the store commit a lone append at once. An interactive `transaction` (awaits inside)
 * holds every other statement back until it ends, since all share the one connection.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import {
  type SqlDialect,
  type SqlDriver,
  type SqlResult,
  type SqlTransaction,
  type Statement,
  storeClosed,
  storeError,
} from "./SqlDriver";

export type SqliteLocation = { readonly dataDir: string } | { readonly memory: true };

export const SQLITE_DIALECT: SqlDialect = {
  name: "sqlite",
  byCodePoint: "",
  nextJoinSeq: "(SELECT COALESCE(MAX(joined_seq), 0) + 1 FROM memberships)",
  insertOrder: "rowid",
  // A commit blocks the event loop: a lone append commits at once, a burst shares one commit on the
  // next turn; activity entries gather for 25 ms, so recording never runs ahead of the update commit
  // a broadcast waits for (a crash can lose those milliseconds of feed, never an edit).
  appends: { delay: "immediate", commitWhenIdle: true },
  activity: { delay: 25 },
  rowsPerInsert: 1,
  lastRowid: true,
};

/** `$3` → `?3`, bound from an object keyed by number (better-sqlite3 binds arrays to `?` only). */
const positional = (sql: string): string => sql.replace(/\$(\d+)/g, "?$1");

const bindable = (params: readonly unknown[]): Record<number, unknown> => {
  const bound: Record<number, unknown> = {};
  for (const [index, value] of params.entries()) {
    bound[index + 1] = typeof value === "boolean" ? Number(value) : value;
  }
  return bound;
};

export class SqliteDriver implements SqlDriver {
  readonly dialect = SQLITE_DIALECT;
  private readonly db: Database.Database;
  private readonly statements = new Map<string, Database.Statement>();
  /** The interactive transaction in progress: other callers wait for it. */
  private exclusive: Promise<unknown> | null = null;
  private closed = false;

  constructor(location: SqliteLocation, synchronous: "NORMAL" | "FULL" = "NORMAL") {
    if ("dataDir" in location) mkdirSync(location.dataDir, { recursive: true });
    this.db = new Database("dataDir" in location ? join(location.dataDir, "ach.sqlite") : ":memory:");
    this.db.pragma("journal_mode = WAL");
    this.db.pragma(`synchronous = ${synchronous}`);
    this.db.pragma("foreign_keys = ON");
    this.db.pragma("busy_timeout = 5000");
  }

  async query<R>(sql: string, params: readonly unknown[] = []): Promise<SqlResult<R>> {
    await this.turn();
    return this.guard(() => this.run<R>(sql, params));
  }

  async exec(sql: string): Promise<void> {
    await this.turn();
    this.guard(() => this.db.exec(sql));
  }

  batch(statements: readonly Statement[]): Promise<SqlResult[]> {
    if (this.closed) return Promise.reject(storeClosed());
    if (this.exclusive !== null) return this.exclusive.then(() => this.batch(statements));
    try {
      const runAll = () =>
        statements.map((statement) => {
          const result = this.run<Record<string, unknown>>(statement.sql, statement.params);
          if (result.changes === 0 && statement.unlessChanged) throw statement.unlessChanged();
          return result;
        });
      // One statement commits on its own (autocommit): no BEGIN/COMMIT around it.
      return Promise.resolve(statements.length === 1 ? runAll() : this.db.transaction(runAll)());
    } catch (error) {
      return Promise.reject(storeError(error, "SQLite"));
    }
  }

  async transaction<T>(work: (tx: SqlTransaction) => Promise<T>): Promise<T> {
    await this.turn();
    const tx: SqlTransaction = {
      query: async <R>(sql: string, params: readonly unknown[] = []) =>
        this.guard(() => this.run<R>(sql, params)),
      exec: async (sql: string) => {
        this.guard(() => this.db.exec(sql));
      },
      // BEGIN IMMEDIATE already keeps every other writer of the file out.
      lock: async () => undefined,
    };
    const done = (async () => {
      this.guard(() => this.db.exec("BEGIN IMMEDIATE"));
      try {
        const result = await work(tx);
        this.db.exec("COMMIT");
        return result;
      } catch (error) {
        if (this.db.inTransaction) this.db.exec("ROLLBACK");
        throw storeError(error, "SQLite");
      }
    })();
    this.exclusive = done.catch(() => undefined);
    try {
      return await done;
    } finally {
      this.exclusive = null;
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
  }

  private run<R>(sql: string, params: readonly unknown[]): SqlResult<R> {
    let statement = this.statements.get(sql);
    if (statement === undefined) {
      statement = this.db.prepare(positional(sql));
      this.statements.set(sql, statement);
    }
    const bound = bindable(params);
    if (statement.reader) {
      const rows = statement.all(bound) as R[];
      return { rows, changes: rows.length };
    }
    const { changes, lastInsertRowid } = statement.run(bound);
    return { rows: [], changes, lastRowid: Number(lastInsertRowid) };
  }

  /** Waits for an interactive transaction of another caller; rejects once closed. */
  private async turn(): Promise<void> {
    while (this.exclusive !== null) await this.exclusive;
    if (this.closed) throw storeClosed();
  }

  private guard<T>(work: () => T): T {
    try {
      return work();
    } catch (error) {
      throw storeError(error, "SQLite");
    }
  }
}
