/**
 * Schema migrations for SqliteStore, applied in order on open. Never edit a released migration:
 * append a new one (e.g. history attribution columns) so existing data files upgrade in place.
 */
import type Database from "better-sqlite3";
import { sqliteAttachmentsMigration } from "./sqliteAttachments";

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
  (db) => {
    db.exec(`
      CREATE TABLE users (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL COLLATE NOCASE UNIQUE,
        password_hash TEXT,
        admin INTEGER NOT NULL DEFAULT 0,
        disabled INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL
      );
      CREATE TABLE sessions (
        id_hash TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL
      );
      CREATE INDEX sessions_user ON sessions (user_id);
      CREATE TABLE api_tokens (
        id TEXT PRIMARY KEY,
        hash TEXT NOT NULL UNIQUE,
        user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        created_at TEXT NOT NULL,
        expires_at TEXT
      );
      CREATE INDEX api_tokens_user ON api_tokens (user_id);
      CREATE TABLE memberships (
        analysis_id TEXT NOT NULL REFERENCES analyses (id),
        user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        role TEXT NOT NULL CHECK (role IN ('lead', 'analyst', 'viewer')),
        joined_seq INTEGER NOT NULL,
        PRIMARY KEY (analysis_id, user_id)
      );
      CREATE INDEX memberships_user ON memberships (user_id);
    `);
  },
  (db) => {
    // Versions: one row per snapshot of a whole analysis, one row per document state inside it.
    db.exec(`
      CREATE TABLE versions (
        id TEXT PRIMARY KEY,
        analysis_id TEXT NOT NULL,
        name TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('approval', 'named', 'auto')),
        created_by TEXT,
        created_at TEXT NOT NULL
      );
      CREATE INDEX versions_analysis ON versions (analysis_id, created_at);
      CREATE TABLE version_documents (
        version_id TEXT NOT NULL REFERENCES versions (id) ON DELETE CASCADE,
        doc TEXT NOT NULL,
        data BLOB NOT NULL,
        PRIMARY KEY (version_id, doc)
      );
    `);
  },
  (db) => {
    // History: the activity feed (who changed what). Kept apart from `updates`, whose rows the
    // compactor deletes; coalesced entries (typing) share a key per user, item, field and minute.
    db.exec(`
      CREATE TABLE activity (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        analysis_id TEXT NOT NULL,
        doc TEXT NOT NULL,
        user_id TEXT,
        user_name TEXT,
        at TEXT NOT NULL,
        kind TEXT NOT NULL,
        action TEXT NOT NULL,
        target TEXT,
        field TEXT,
        before_value TEXT,
        after_value TEXT,
        label TEXT,
        count INTEGER NOT NULL DEFAULT 1,
        coalesce_key TEXT
      );
      CREATE INDEX activity_analysis ON activity (analysis_id, id);
      CREATE INDEX activity_analysis_user ON activity (analysis_id, user_id, id);
      CREATE UNIQUE INDEX activity_coalesce ON activity (analysis_id, coalesce_key)
        WHERE coalesce_key IS NOT NULL;
    `);
  },
  sqliteAttachmentsMigration,
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
