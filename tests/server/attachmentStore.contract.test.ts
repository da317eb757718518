/**
 * The AttachmentStore contract, run against every implementation: SQLite, PostgreSQL (a schema per
 * test) and the in-memory store. Two handles on one database stand for two instances (or two
 * processes on one SQLite file) uploading at once.
 */
import { createHash } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import type { AttachmentStore } from "../../server/store/AttachmentStore";
import type { DocumentStore } from "../../server/store/DocumentStore";
import { MemoryStore } from "../../server/store/MemoryStore";
import { PostgresStore } from "../../server/store/PostgresStore";
import { SqliteStore } from "../../server/store/SqliteStore";
import type { AttachmentRecord } from "../../shared/attachments";
import { AppError } from "../../shared/errors";
import { openTestPostgresStore, TEST_DATABASE_URL } from "./helpers/postgres";
import { makeTempDir } from "./helpers/tempDir";

type Store = AttachmentStore & DocumentStore;

interface Opened {
  /** Two handles on the same data (the memory store has one, shared). */
  readonly a: Store;
  readonly b: Store;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const IMPLEMENTATIONS: Record<string, () => Promise<Opened>> = {
  sqlite: async () => {
    const dir = await makeTempDir("ach-attach-");
    const a = new SqliteStore({ dataDir: dir.path });
    const b = new SqliteStore({ dataDir: dir.path });
    cleanups.push(async () => {
      await a.close();
      await b.close();
      await dir.remove();
    });
    return { a, b };
  },
  postgres: async () => {
    const { store: a, schema, drop } = await openTestPostgresStore();
    const b = await PostgresStore.open({ connectionString: TEST_DATABASE_URL, schema });
    cleanups.push(async () => {
      await b.close();
      await drop();
    });
    return { a, b };
  },
  memory: async () => {
    const store = new MemoryStore();
    return { a: store, b: store };
  },
};

const bytesOf = (text: string): Uint8Array => new TextEncoder().encode(text);
const sha256 = (bytes: Uint8Array): string => createHash("sha256").update(bytes).digest("hex");

let counter = 0;
function recordOf(
  analysisId: string,
  bytes: Uint8Array,
  patch: Partial<AttachmentRecord> = {},
): AttachmentRecord {
  counter += 1;
  return {
    id: `att-${counter}`,
    analysisId,
    owner: { kind: "evidence", id: "e1" },
    name: `file-${counter}.png`,
    mediaType: "image/png",
    size: bytes.byteLength,
    sha256: sha256(bytes),
    uploadedBy: "u1",
    uploadedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, counter)).toISOString(),
    ...patch,
  };
}

async function analysis(store: Store, id: string): Promise<string> {
  const now = "2026-01-01T00:00:00.000Z";
  await store.createAnalysis(
    { id, title: id, createdAt: now, updatedAt: now, archived: false, createdBy: null },
    new Map(),
    { userId: null },
  );
  return id;
}

const codeOf = async (promise: Promise<unknown>): Promise<string> => {
  try {
    await promise;
    return "resolved";
  } catch (error) {
    return error instanceof AppError ? error.code : String(error);
  }
};

for (const [name, open] of Object.entries(IMPLEMENTATIONS)) {
  describe(`AttachmentStore contract: ${name}`, () => {
    it("gives back the record and exactly the bytes it stored", async () => {
      const { a } = await open();
      const id = await analysis(a, "an-1");
      const bytes = new Uint8Array(300_000).map((_, i) => (i * 31) % 256);
      const record = recordOf(id, bytes, { owner: { kind: "source", id: "s9" }, uploadedBy: null });
      await a.saveAttachment(record, bytes, 10_000_000);
      const stored = await a.getAttachment(id, record.id);
      expect(stored?.record).toEqual(record);
      expect(Buffer.from(stored?.bytes ?? []).equals(Buffer.from(bytes))).toBe(true);
      expect(await a.getAttachmentRecord(id, record.id)).toEqual(record);
    });

    it("lists an analysis's attachments oldest first, and only that analysis's", async () => {
      const { a } = await open();
      const one = await analysis(a, "an-1");
      const two = await analysis(a, "an-2");
      const first = recordOf(one, bytesOf("first"));
      const other = recordOf(two, bytesOf("other"));
      const second = recordOf(one, bytesOf("second"));
      for (const r of [first, other, second]) await a.saveAttachment(r, bytesOf(r.name), 1_000);
      expect(await a.listAttachments(one)).toEqual([first, second]);
      expect(await a.listAttachments(two)).toEqual([other]);
      // An id from another analysis is not found through this one.
      expect(await a.getAttachment(one, other.id)).toBeNull();
      expect(await a.getAttachmentRecord(one, other.id)).toBeNull();
      expect(await a.deleteAttachment(one, other.id)).toBe(false);
    });

    it("deletes an attachment once", async () => {
      const { a } = await open();
      const id = await analysis(a, "an-1");
      const record = recordOf(id, bytesOf("gone"));
      await a.saveAttachment(record, bytesOf("gone"), 1_000);
      expect(await a.deleteAttachment(id, record.id)).toBe(true);
      expect(await a.deleteAttachment(id, record.id)).toBe(false);
      expect(await a.getAttachment(id, record.id)).toBeNull();
      expect(await a.listAttachments(id)).toEqual([]);
    });

    it("refuses an upload past the analysis's total and stores nothing of it", async () => {
      const { a } = await open();
      const id = await analysis(a, "an-1");
      await a.saveAttachment(recordOf(id, new Uint8Array(600)), new Uint8Array(600), 1_000);
      const big = recordOf(id, new Uint8Array(401));
      expect(await codeOf(a.saveAttachment(big, new Uint8Array(401), 1_000))).toBe("payload_too_large");
      expect(await a.getAttachment(id, big.id)).toBeNull();
      expect((await a.listAttachments(id)).map((r) => r.size)).toEqual([600]);
      // Exactly at the limit is allowed.
      const fits = recordOf(id, new Uint8Array(400));
      await a.saveAttachment(fits, new Uint8Array(400), 1_000);
      expect((await a.listAttachments(id)).length).toBe(2);
    });

    it("lets only one of two concurrent uploads through when both would pass the total alone", async () => {
      const { a, b } = await open();
      const id = await analysis(a, "an-1");
      for (let round = 0; round < 5; round++) {
        const x = recordOf(id, new Uint8Array(700));
        const y = recordOf(id, new Uint8Array(700));
        const limit = 700 * (round + 1) + 699;
        const results = await Promise.all([
          codeOf(a.saveAttachment(x, new Uint8Array(700), limit)),
          codeOf(b.saveAttachment(y, new Uint8Array(700), limit)),
        ]);
        expect(results.sort()).toEqual(["payload_too_large", "resolved"]);
      }
      expect((await a.listAttachments(id)).length).toBe(5);
    });

    it("refuses a reused id", async () => {
      const { a } = await open();
      const id = await analysis(a, "an-1");
      const record = recordOf(id, bytesOf("x"));
      await a.saveAttachment(record, bytesOf("x"), 1_000);
      expect(await codeOf(a.saveAttachment(record, bytesOf("x"), 1_000))).toBe("conflict");
      expect((await a.listAttachments(id)).length).toBe(1);
    });
  });
}
