/**
 * Schema migrations for SqliteStore, applied in order on open. Never edit a released migration:
 * append a new one (e.g. history attribution columns) so existing data files upgrade in place.
 */
import type Database from "better-sqlite3";

export type SqliteMigration = (db: Database.Database) => void;

export const SQLITE_MIGRATIONS: readonly SqliteMigration[] = [
  (db) => {
    db.exec(`
      CREATE TABLE analyses (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        archived INTEGER NOT NULL DEFAULT 0,
        created_by TEXT
      );
      CREATE TABLE updates (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        doc TEXT NOT NULL,
        data BLOB NOT NULL,
        user_id TEXT,
        created_at TEXT NOT NULL
      );
      CREATE INDEX updates_doc_seq ON updates (doc, seq);
      CREATE TABLE snapshots (
        doc TEXT PRIMARY KEY,
        data BLOB NOT NULL,
        through_seq INTEGER NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
    `);
  },
];

/** Brings `db` to the latest version; refuses a file written by a newer build. Returns the version. */
export function runMigrations(db: Database.Database, migrations: readonly SqliteMigration[]): number {
  db.exec("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
  const row = db.prepare("SELECT version FROM schema_version").get() as { version: number } | undefined;
  const current = row?.version ?? 0;
  if (current > migrations.length) {
    throw new Error(`database schema version ${current} is newer than this build (${migrations.length})`);
  }
  const upgrade = db.transaction(() => {
    for (let version = current; version < migrations.length; version++) {
      migrations[version]?.(db);
    }
    db.exec("DELETE FROM schema_version");
    db.prepare("INSERT INTO schema_version (version) VALUES (?)").run(migrations.length);
  });
  if (current < migrations.length) upgrade();
  return migrations.length;
}
