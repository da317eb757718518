import { afterEach, describe, expect, it } from "vitest";
import { openSqliteStore } from "../../server/store/sql/SqlStore";
import { SQLITE_MIGRATIONS } from "../../server/store/sqliteMigrations";
import { makeTempDir, type TempDir } from "../server/helpers/tempDir";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function tempDir(): Promise<TempDir> {
  const dir = await makeTempDir();
  cleanups.push(() => dir.remove());
  return dir;
}

describe("SqliteStore", () => {
  it("stamps a new file with the latest schema version", async () => {
    const dir = await tempDir();
    const store = await openSqliteStore({ location: { dataDir: dir.path  } });
    expect(store.schemaVersion).toBe(SQLITE_MIGRATIONS.length);
    await store.close();
  });

  it("runs only the migrations a file has not seen yet, keeping its data", async () => {
    const dir = await tempDir();
    const old = await openSqliteStore({ location: { dataDir: dir.path  } });
    await old.appendUpdate("d", new Uint8Array([7]), { userId: "u" });
    await old.close();
    let runs = 0;
    const upgraded = new SqliteStore({
      dataDir: dir.path,
      migrations: [
        ...SQLITE_MIGRATIONS,
        (db) => {
          runs += 1;
          db.exec("ALTER TABLE updates ADD COLUMN origin TEXT");
        },
      ],
    });
    expect(upgraded.schemaVersion).toBe(SQLITE_MIGRATIONS.length + 1);
    expect((await upgraded.loadDocument("d")).updates).toEqual([new Uint8Array([7])]);
    await upgraded.close();
    const again = new SqliteStore({
      dataDir: dir.path,
      migrations: [...SQLITE_MIGRATIONS, () => runs++],
    });
    expect(runs).toBe(1);
    await again.close();
  });

  it("refuses a file written by a newer schema", async () => {
    const dir = await tempDir();
    const newer = await openSqliteStore({ location: { dataDir: dir.path }, migrations: [...SQLITE_MIGRATIONS, () => undefined] });
    await newer.close();
    expect(() => await openSqliteStore({ location: { dataDir: dir.path  } })).toThrow(/newer than this build/);
  });

  it("keeps committed appends after reopening the file", async () => {
    const dir = await tempDir();
    const store = await openSqliteStore({ location: { dataDir: dir.path  } });
    await Promise.all([1, 2, 3].map((n) => store.appendUpdate("d", new Uint8Array([n]), { userId: null })));
    await store.close();
    const reopened = await openSqliteStore({ location: { dataDir: dir.path  } });
    expect((await reopened.loadDocument("d")).updates.map((u) => u[0])).toEqual([1, 2, 3]);
    await reopened.close();
  });

  it("ignores a compaction older than the stored snapshot", async () => {
    const dir = await tempDir();
    const store = await openSqliteStore({ location: { dataDir: dir.path  } });
    await store.compact("d", new Uint8Array([9]), 10);
    await store.compact("d", new Uint8Array([1]), 5);
    expect((await store.loadDocument("d")).updates).toEqual([new Uint8Array([9])]);
    await store.close();
  });
});
