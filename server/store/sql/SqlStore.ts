/**
 * The store over one SQL driver: the five ports written once (`sql*.ts`), on SQLite or PostgreSQL.
 * Opening runs the migrations first, then removes attachment chunks a crash left without a record.
 */
import type { Store } from "../Store";
import { MIGRATIONS, type Migration, runMigrations } from "./migrations";
import { type PostgresConnection, PostgresDriver } from "./PostgresDriver";
import type { SqlDriver } from "./SqlDriver";
import { SqliteDriver, type SqliteLocation } from "./SqliteDriver";
import { sqlAccounts } from "./sqlAccounts";
import { sqlActivity } from "./sqlActivity";
import { sqlAttachments } from "./sqlAttachments";
import { sqlDocuments } from "./sqlDocuments";
import { sqlVersions } from "./sqlVersions";

export interface SqlStore extends Store {
  /** Append transactions started (observability and tests). */
  readonly commits: number;
  /** Migrations the database holds: all of this build's after opening. */
  readonly schemaVersion: number;
}

export interface StoreOptions {
  /** Override only in migration tests. */
  readonly migrations?: readonly Migration[];
}

/** Migrates the driver's database and builds the store on it; closes the driver if migrating fails. */
export async function openSqlStore(db: SqlDriver, options: StoreOptions = {}): Promise<SqlStore> {
  const migrations = options.migrations ?? MIGRATIONS;
  const { attachments, removeOrphanChunks } = sqlAttachments(db);
  let schemaVersion: number;
  try {
    schemaVersion = await runMigrations(db, migrations);
    // Migration tests open stores on earlier lists, without the attachment tables.
    if (migrations.some((m) => m.id === "attachments")) await removeOrphanChunks();
  } catch (error) {
    await db.close();
    throw error;
  }
  const { documents, appends } = sqlDocuments(db);
  const { activity, queue } = sqlActivity(db);
  return {
    ...documents,
    ...sqlAccounts(db),
    ...sqlVersions(db),
    ...activity,
    ...attachments,
    get commits() {
      return appends.commits;
    },
    schemaVersion,
    async close() {
      await appends.close();
      await queue.close();
      await db.close();
    },
  };
}

export interface SqliteStoreOptions extends StoreOptions {
  /** `{ dataDir }`: the file `<dataDir>/ach.sqlite` (directory created if missing); `{ memory: true }` for tests. */
  readonly location: SqliteLocation;
  /** `NORMAL` survives process kills; `FULL` also survives power loss. */
  readonly synchronous?: "NORMAL" | "FULL";
}

export function openSqliteStore(options: SqliteStoreOptions): Promise<SqlStore> {
  return openSqlStore(new SqliteDriver(options.location, options.synchronous), options);
}

/** Connects, creates the schema if needed and migrates it; rejects if PostgreSQL cannot be reached. */
export async function openPostgresStore(options: PostgresConnection & StoreOptions): Promise<SqlStore> {
  return openSqlStore(await PostgresDriver.connect(options), options);
}
