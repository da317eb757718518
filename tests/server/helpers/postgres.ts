/** Per-test PostgreSQL schemas on the machine's database (`TEST_DATABASE_URL` overrides the default). */
import { randomBytes } from "node:crypto";
import pg from "pg";
import type { PostgresConnection } from "../../../server/store/sql/PostgresDriver";
import { openPostgresStore, type SqlStore, type StoreOptions } from "../../../server/store/sql/SqlStore";

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

/** A fresh schema name `t_<random>`, so parallel test files never share tables. */
export function testSchemaName(): string {
  return `t_${randomBytes(6).toString("hex")}`;
}

/** Opens a store on a new schema; `drop()` closes every store opened with it and drops the schema. */
export async function openTestPostgresStore(
  options: Partial<PostgresConnection> & StoreOptions = {},
): Promise<{ store: SqlStore; schema: string; drop: () => Promise<void> }> {
  const schema = options.schema ?? testSchemaName();
  const store = await openPostgresStore({ connectionString: TEST_DATABASE_URL, ...options, schema });
  return {
    store,
    schema,
    drop: async () => {
      await store.close();
      await dropTestSchema(schema);
    },
  };
}

/** Drops a test schema over a short-lived connection of its own. */
export async function dropTestSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}
