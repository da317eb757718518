/** The one migration list on both dialects: fresh databases, upgrades, newer builds, pre-list databases. */
import { afterEach, describe, expect, it } from "vitest";
import { MIGRATIONS, type Migration } from "../../server/store/sql/migrations";
import { PostgresDriver } from "../../server/store/sql/PostgresDriver";
import type { SqlDriver } from "../../server/store/sql/SqlDriver";
import { SqliteDriver } from "../../server/store/sql/SqliteDriver";
import { openPostgresStore, openSqliteStore, type SqlStore } from "../../server/store/sql/SqlStore";
import { dropTestSchema, TEST_DATABASE_URL, testSchemaName } from "./helpers/postgres";
import { makeTempDir } from "./helpers/tempDir";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** One database (a directory or a schema): its raw driver, and the store opened on it. */
interface Place {
  raw(): Promise<SqlDriver>;
  open(migrations?: readonly Migration[]): Promise<SqlStore>;
}

const PLACES: readonly (readonly [string, () => Promise<Place>])[] = [
  [
    "SQLite",
    async () => {
      const dir = await makeTempDir();
      cleanups.push(() => dir.remove());
      const location = { dataDir: dir.path };
      return {
        raw: async () => new SqliteDriver(location),
        open: (migrations) => openSqliteStore({ location, ...(migrations ? { migrations } : {}) }),
      };
    },
  ],
  [
    "PostgreSQL",
    async () => {
      const schema = testSchemaName();
      cleanups.push(() => dropTestSchema(schema));
      const connection = { connectionString: TEST_DATABASE_URL, schema };
      return {
        raw: () => PostgresDriver.connect(connection),
        open: (migrations) => openPostgresStore({ ...connection, ...(migrations ? { migrations } : {}) }),
      };
    },
  ],
];

const appliedIds = async (place: Place): Promise<string[]> => {
  const db = await place.raw();
  try {
    return (await db.query<{ id: string }>("SELECT id FROM schema_migrations")).rows.map((r) => r.id).sort();
  } finally {
    await db.close();
  }
};

describe.each(PLACES)("%s schema", (dialect, newPlace) => {
  it("stamps a new database with every migration", async () => {
    const place = await newPlace();
    const store = await place.open();
    expect(store.schemaVersion).toBe(MIGRATIONS.length);
    await store.close();
    expect(await appliedIds(place)).toEqual(MIGRATIONS.map((m) => m.id).sort());
  });

  it("runs only the migrations a database has not seen yet, keeping its data", async () => {
    const place = await newPlace();
    const old = await place.open();
    await old.appendUpdate("d", new Uint8Array([7]), { userId: "u" });
    await old.close();
    let runs = 0;
    const origin: Migration = {
      id: "test-origin",
      sql: () => {
        runs += 1;
        return "ALTER TABLE updates ADD COLUMN origin TEXT";
      },
    };
    const upgraded = await place.open([...MIGRATIONS, origin]);
    expect(upgraded.schemaVersion).toBe(MIGRATIONS.length + 1);
    expect((await upgraded.loadDocument("d")).updates).toEqual([new Uint8Array([7])]);
    await upgraded.close();
    await (await place.open([...MIGRATIONS, origin])).close();
    expect(runs).toBe(1);
  });

  it("refuses a database written by a newer build", async () => {
    const place = await newPlace();
    await (await place.open([...MIGRATIONS, { id: "from-the-future", sql: () => "SELECT 1" }])).close();
    await expect(place.open()).rejects.toThrow(/newer than this build/);
  });

  // What each dialect's stores wrote before the list was shared: `schema_version` and the count of
  // migrations it stands for (PostgreSQL's third created versions and activity together).
  const legacy =
    dialect === "SQLite"
      ? [
          [2, 2],
          [4, 4],
        ]
      : [
          [2, 2],
          [3, 4],
        ];
  it.each(legacy)(
    "opens a database stamped schema_version %i, adding what it lacks",
    async (version, count) => {
      const place = await newPlace();
      const raw = await place.raw();
      for (const migration of MIGRATIONS.slice(0, count)) await raw.exec(migration.sql(raw.dialect.name));
      await raw.exec(`CREATE TABLE schema_version (version INTEGER NOT NULL);
      INSERT INTO schema_version (version) VALUES (${version});
      INSERT INTO users (id, name, created_at) VALUES ('u1', 'Ada', '2024-01-01');`);
      await raw.query("INSERT INTO updates (doc, data, user_id, created_at) VALUES ($1, $2, $3, $4)", [
        "d",
        new Uint8Array([7]),
        "u1",
        "2024-01-01",
      ]);
      await raw.close();

      const store = await place.open();
      expect((await store.loadDocument("d")).updates).toEqual([new Uint8Array([7])]);
      expect(await store.getUserByName("ADA")).toMatchObject({ id: "u1", admin: false });
      const now = "2024-05-01T00:00:00.000Z";
      await store.saveVersion(
        { id: "v1", analysisId: "a1", name: "V", kind: "named", createdBy: "u1", createdAt: now },
        new Map(),
      );
      await store.appendActivity([
        {
          analysisId: "a1",
          docName: "a1",
          userId: "u1",
          userName: "Ada",
          at: now,
          kind: "meta",
          action: "changed",
          target: null,
          field: "title",
          before: "a",
          after: "b",
          label: null,
          coalesceKey: null,
        },
      ]);
      expect(await store.lastActivityAt("a1")).toBe(now);
      await store.close();
      expect(await appliedIds(place)).toEqual(MIGRATIONS.map((m) => m.id).sort());
      await (await place.open()).close();
    },
  );
});
