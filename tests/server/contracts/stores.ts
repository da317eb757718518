/**
 * The stores every port contract runs against: SQLite in a temporary directory and PostgreSQL in a
 * fresh schema per test (so parallel test files never share tables). Each opened store is closed
 * and removed after its test. `shared()` gives one database to open several handles on (standing
 * for two instances, or two processes on one SQLite file), and raw drivers to inspect it.
 */
import { afterEach } from "vitest";
import { PostgresDriver } from "../../../server/store/sql/PostgresDriver";
import type { SqlDriver } from "../../../server/store/sql/SqlDriver";
import { SqliteDriver } from "../../../server/store/sql/SqliteDriver";
import { openPostgresStore, openSqliteStore, type SqlStore } from "../../../server/store/sql/SqlStore";
import { dropTestSchema, TEST_DATABASE_URL, testSchemaName } from "../helpers/postgres";
import { makeTempDir } from "../helpers/tempDir";

export type OpenStore = () => Promise<SqlStore>;

export interface SharedDatabase {
  /** A new store handle on the database (migrated on open). */
  readonly open: OpenStore;
  /** A driver on the database, for statements no port offers. */
  readonly driver: () => Promise<SqlDriver>;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Closes what `opened` gives back after the test. */
const closing =
  <T extends { close(): Promise<void> }>(opened: () => Promise<T>) =>
  async (): Promise<T> => {
    const handle = await opened();
    cleanups.push(() => handle.close());
    return handle;
  };

async function sharedSqlite(): Promise<SharedDatabase> {
  const dir = await makeTempDir();
  cleanups.push(() => dir.remove());
  const location = { dataDir: dir.path };
  return {
    open: closing(() => openSqliteStore({ location })),
    driver: closing(async () => new SqliteDriver(location)),
  };
}

async function sharedPostgres(): Promise<SharedDatabase> {
  const schema = testSchemaName();
  cleanups.push(() => dropTestSchema(schema));
  const connection = { connectionString: TEST_DATABASE_URL, schema };
  return {
    open: closing(() => openPostgresStore(connection)),
    driver: closing(() => PostgresDriver.connect(connection)),
  };
}

export const STORES: readonly (readonly [string, OpenStore, () => Promise<SharedDatabase>])[] = [
  ["SQLite", async () => (await sharedSqlite()).open(), sharedSqlite],
  ["PostgreSQL", async () => (await sharedPostgres()).open(), sharedPostgres],
];
