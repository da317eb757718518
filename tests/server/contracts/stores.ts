/**
 * The stores every port contract runs against: SQLite in a temporary directory and PostgreSQL in a
 * fresh schema per test (so parallel test files never share tables). Each opened store is closed
 * and removed after its test.
 */
import { afterEach } from "vitest";
import { openSqliteStore, type SqlStore } from "../../../server/store/sql/SqlStore";
import { openTestPostgresStore } from "../helpers/postgres";
import { makeTempDir } from "../helpers/tempDir";

export type OpenStore = () => Promise<SqlStore>;

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

export const STORES: readonly (readonly [string, OpenStore])[] = [
  [
    "SQLite",
    async () => {
      const dir = await makeTempDir();
      const store = await openSqliteStore({ location: { dataDir: dir.path } });
      cleanups.push(async () => {
        await store.close();
        await dir.remove();
      });
      return store;
    },
  ],
  [
    "PostgreSQL",
    async () => {
      const { store, drop } = await openTestPostgresStore();
      cleanups.push(drop);
      return store;
    },
  ],
];
