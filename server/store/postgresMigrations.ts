/**
 * Schema migrations for PostgresStore, applied in order on open under an advisory lock so instances
 * starting together migrate once. Never edit a released migration: append a new one.
 */
import type pg from "pg";
import { postgresAttachmentsMigration } from "./postgresAttachments";

export type PostgresMigration = (client: pg.PoolClient) => Promise<void>;

export const POSTGRES_MIGRATIONS: readonly PostgresMigration[] = [
  async (client) => {
    await client.query(`
      CREATE TABLE analyses (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        archived BOOLEAN NOT NULL DEFAULT FALSE,
        created_by TEXT
      );
      CREATE TABLE updates (
        seq BIGSERIAL PRIMARY KEY,
        doc TEXT NOT NULL,
        data BYTEA NOT NULL,
        user_id TEXT,
        created_at TEXT NOT NULL
      );
      CREATE INDEX updates_doc_seq ON updates (doc, seq);
      CREATE TABLE snapshots (
        doc TEXT PRIMARY KEY,
        data BYTEA NOT NULL,
        through_seq BIGINT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
    `);
  },
  async (client) => {
    await client.query(`
      CREATE TABLE users (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        password_hash TEXT,
        admin BOOLEAN NOT NULL DEFAULT FALSE,
        disabled BOOLEAN NOT NULL DEFAULT FALSE,
        created_at TEXT NOT NULL
      );
      CREATE UNIQUE INDEX users_name_nocase ON users (lower(name));
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
        joined_seq BIGSERIAL NOT NULL,
        PRIMARY KEY (analysis_id, user_id)
      );
      CREATE INDEX memberships_user ON memberships (user_id);
    `);
  },
  async (client) => {
    // Versions of whole analyses, and the activity feed (kept apart from `updates`, which compaction
    // deletes); coalesced entries (typing) share a key per user, item, field and minute.
    await client.query(`
      CREATE TABLE versions (
        id TEXT PRIMARY KEY,
        ord BIGSERIAL NOT NULL,
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
        data BYTEA NOT NULL,
        PRIMARY KEY (version_id, doc)
      );
      CREATE TABLE activity (
        id BIGSERIAL PRIMARY KEY,
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
  postgresAttachmentsMigration,
];

/** Lock key shared by every instance migrating the same schema. */
const MIGRATION_LOCK = "ach:migrations";

/** Brings the connection's schema to the latest version; refuses a schema from a newer build. */
export async function runPostgresMigrations(
  client: pg.PoolClient,
  migrations: readonly PostgresMigration[],
): Promise<number> {
  await client.query("BEGIN");
  try {
    await client.query("SELECT pg_advisory_xact_lock(hashtext(current_schema() || $1))", [MIGRATION_LOCK]);
    await client.query("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
    const result = await client.query<{ version: number }>("SELECT version FROM schema_version");
    const current = result.rows[0]?.version ?? 0;
    if (current > migrations.length) {
      throw new Error(`database schema version ${current} is newer than this build (${migrations.length})`);
    }
    for (let version = current; version < migrations.length; version++) {
      await migrations[version]?.(client);
    }
    if (current < migrations.length) {
      await client.query("DELETE FROM schema_version");
      await client.query("INSERT INTO schema_version (version) VALUES ($1)", [migrations.length]);
    }
    await client.query("COMMIT");
    return migrations.length;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  }
}
