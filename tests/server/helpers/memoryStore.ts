/**
 * The store tests use when the disk does not matter: SQLite in memory (the production code path),
 * with faults to inject so failure paths run without a broken disk, and the log rows to inspect.
 */

import type { Store } from "../../../server/store/Store";
import { SqliteDriver } from "../../../server/store/sql/SqliteDriver";
import { openSqlStore } from "../../../server/store/sql/SqlStore";
import { AppError } from "../../../shared/errors";

export interface MemoryStore extends Store {
  /** Makes the next `count` appends and compactions reject (Infinity: until `healWrites()`). */
  failWrites(count?: number): void;
  healWrites(): void;
  /** Makes the next `count` document loads reject. */
  failLoads(count?: number): void;
  /** Log rows stored for a document, in order (attribution and compaction). */
  logRows(name: string): Promise<{ readonly seq: number; readonly userId: string | null }[]>;
}

/** `users`: ids of accounts to create (named after their id), so memberships of them can be stored. */
export async function openMemoryStore(users: readonly string[] = []): Promise<MemoryStore> {
  const driver = new SqliteDriver({ memory: true });
  const store = await openSqlStore(driver);
  for (const id of users) {
    await store.createUser({
      id,
      name: id,
      passwordHash: null,
      admin: false,
      disabled: false,
      createdAt: "",
    });
  }
  let failingWrites = 0;
  let failingLoads = 0;
  const injected = (what: string) => new AppError("store_unavailable", `injected ${what} failure`);
  const takeWrite = () => failingWrites > 0 && failingWrites-- > 0;
  return {
    ...store,
    failWrites: (count = Number.POSITIVE_INFINITY) => {
      failingWrites = count;
    },
    healWrites: () => {
      failingWrites = 0;
    },
    failLoads: (count = Number.POSITIVE_INFINITY) => {
      failingLoads = count;
    },
    async logRows(name) {
      const { rows } = await driver.query<{ seq: number; user_id: string | null }>(
        "SELECT seq, user_id FROM updates WHERE doc = $1 ORDER BY seq",
        [name],
      );
      return rows.map((row) => ({ seq: row.seq, userId: row.user_id }));
    },
    loadDocument: (name) =>
      failingLoads > 0 && failingLoads-- > 0 ? Promise.reject(injected("load")) : store.loadDocument(name),
    appendUpdate: (name, update, meta) =>
      takeWrite() ? Promise.reject(injected("write")) : store.appendUpdate(name, update, meta),
    compact: (name, snapshot, throughSeq, fold) =>
      takeWrite() ? Promise.reject(injected("write")) : store.compact(name, snapshot, throughSeq, fold),
  };
}
