/**
 * The schema, one list for both dialects, applied in order on open and recorded by id in
 * `schema_migrations`. Never edit a released migration: append a new one, so existing databases
 * upgrade in place. The column types that differ are named once in TYPES; each migration's SQL for a
 * dialect is exactly what that dialect's store ran before the list was shared.
 *
 * Databases made before `schema_migrations` carry a `schema_version` number; it is read once and
 * turned into the ids it stands for (LEGACY_COUNT), then dropped.
 */
import type { SqlDialect, SqlDriver } from "./SqlDriver";

type Dialect = SqlDialect["name"];

export interface Migration {
  /** Stable name recorded in `schema_migrations`. */
  readonly id: string;
  readonly sql: (dialect: Dialect) => string;
}

const TYPES = {
  sqlite: {
    serial: "INTEGER PRIMARY KEY AUTOINCREMENT",
    bigint: "INTEGER",
    bytes: "BLOB",
    flag: "INTEGER NOT NULL DEFAULT 0",
  },
  postgres: {
    serial: "BIGSERIAL PRIMARY KEY",
    bigint: "BIGINT",
    bytes: "BYTEA",
    flag: "BOOLEAN NOT NULL DEFAULT FALSE",
  },
} as const;

export const MIGRATIONS: readonly Migration[] = [
  {
    id: "documents",
    sql: (d) => `
      CREATE TABLE analyses (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        archived ${TYPES[d].flag},
        created_by TEXT
      );
      CREATE TABLE updates (
        seq ${TYPES[d].serial},
        doc TEXT NOT NULL,
        data ${TYPES[d].bytes} NOT NULL,
        user_id TEXT,
        created_at TEXT NOT NULL
      );
      CREATE INDEX updates_doc_seq ON updates (doc, seq);
      CREATE TABLE snapshots (
        doc TEXT PRIMARY KEY,
        data ${TYPES[d].bytes} NOT NULL,
        through_seq ${TYPES[d].bigint} NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );`,
  },
  {
    // Names are unique case-insensitively: a NOCASE column in SQLite, an index on lower(name) in PostgreSQL.
    id: "accounts",
    sql: (d) => `
      CREATE TABLE users (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL${d === "sqlite" ? " COLLATE NOCASE UNIQUE" : ""},
        password_hash TEXT,
        admin ${TYPES[d].flag},
        disabled ${TYPES[d].flag},
        created_at TEXT NOT NULL
      );
      ${d === "postgres" ? "CREATE UNIQUE INDEX users_name_nocase ON users (lower(name));" : ""}
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
        joined_seq ${d === "sqlite" ? "INTEGER" : "BIGSERIAL"} NOT NULL,
        PRIMARY KEY (analysis_id, user_id)
      );
      CREATE INDEX memberships_user ON memberships (user_id);`,
  },
  {
    // Versions: one row per snapshot of a whole analysis, one row per document state inside it.
    // SQLite orders versions of one millisecond by rowid, PostgreSQL by `ord`.
    id: "versions",
    sql: (d) => `
      CREATE TABLE versions (
        id TEXT PRIMARY KEY,${d === "postgres" ? "\n        ord BIGSERIAL NOT NULL," : ""}
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
        data ${TYPES[d].bytes} NOT NULL,
        PRIMARY KEY (version_id, doc)
      );`,
  },
  {
    // The activity feed (who changed what). Kept apart from `updates`, whose rows the compactor
    // deletes; coalesced entries (typing) share a key per user, item, field and minute.
    id: "activity",
    sql: (d) => `
      CREATE TABLE activity (
        id ${TYPES[d].serial},
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
        WHERE coalesce_key IS NOT NULL;`,
  },
  {
    // Attachments: the record, and the bytes in chunks of one blob (`blob_id`, fresh per upload, so a
    // refused upload reusing an id never touches the stored file's chunks). Chunks are written before
    // the record; `written_at` lets an opening store remove those a crash left without one.
    id: "attachments",
    sql: (d) => `
      CREATE TABLE attachments (
        id TEXT PRIMARY KEY,${d === "postgres" ? "\n        ord BIGSERIAL NOT NULL," : ""}
        analysis_id TEXT NOT NULL REFERENCES analyses (id),
        owner_kind TEXT NOT NULL CHECK (owner_kind IN ('source', 'evidence')),
        owner_id TEXT NOT NULL,
        name TEXT NOT NULL,
        media_type TEXT NOT NULL,
        size ${TYPES[d].bigint} NOT NULL,
        sha256 TEXT NOT NULL,
        uploaded_by TEXT,
        uploaded_at TEXT NOT NULL,
        blob_id TEXT NOT NULL UNIQUE
      );
      CREATE INDEX attachments_analysis ON attachments (analysis_id, uploaded_at);
      CREATE TABLE attachment_chunks (
        blob_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        data ${TYPES[d].bytes} NOT NULL,
        written_at TEXT NOT NULL,
        PRIMARY KEY (blob_id, seq)
      );`,
  },
];

/**
 * How many migrations of the list a legacy `schema_version` stands for: the same number, except
 * PostgreSQL's third, which created versions and activity together.
 */
const LEGACY_COUNT: Record<Dialect, (version: number) => number> = {
  sqlite: (version) => version,
  postgres: (version) => (version >= 3 ? version + 1 : version),
};

/** Lock shared by every instance migrating the same schema (the key the first builds used). */
const MIGRATION_LOCK = "ach:migrations";

/**
 * Brings the database to the end of `migrations` in one transaction; refuses one that holds a
 * migration this build does not know (written by a newer build). Resolves with the number applied in all.
 */
export async function runMigrations(
  db: SqlDriver,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<number> {
  const dialect = db.dialect.name;
  return db.transaction(async (tx) => {
    await tx.lock(MIGRATION_LOCK);
    await tx.exec(
      "CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT PRIMARY KEY, applied_at TEXT NOT NULL)",
    );
    const now = new Date().toISOString();
    const record = (id: string) =>
      tx.query("INSERT INTO schema_migrations (id, applied_at) VALUES ($1, $2)", [id, now]);
    const newer = (what: string) =>
      new Error(`database schema is newer than this build (${what}); run a newer build`);
    let applied = (await tx.query<{ id: string }>("SELECT id FROM schema_migrations")).rows.map((r) => r.id);
    if (applied.length === 0) {
      await tx.exec("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
      const version = (await tx.query<{ version: number }>("SELECT version FROM schema_version")).rows[0]
        ?.version;
      const count = LEGACY_COUNT[dialect](version ?? 0);
      if (count > migrations.length) throw newer(`schema_version ${version}`);
      applied = migrations.slice(0, count).map((m) => m.id);
      for (const id of applied) await record(id);
      await tx.exec("DROP TABLE schema_version");
    }
    const known = new Set(migrations.map((m) => m.id));
    const unknown = applied.filter((id) => !known.has(id));
    if (unknown.length > 0) throw newer(`it has migrations ${unknown.join(", ")}`);
    for (const migration of migrations) {
      if (applied.includes(migration.id)) continue;
      await tx.exec(migration.sql(dialect));
      await record(migration.id);
    }
    return migrations.length;
  });
}
