/**
 * What every AttachmentStore does: records with their bytes (in chunks), the per-analysis total
 * checked so two handles on one database cannot both pass it, nothing left of a refused upload,
 * and chunks a crash left without a record removed when a store opens.
 */
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { readAllBytes } from "../../../server/store/AttachmentStore";
import type { SqlStore } from "../../../server/store/sql/SqlStore";
import { CHUNK_BYTES, ORPHAN_CHUNK_AGE_MS } from "../../../server/store/sql/sqlAttachments";
import type { AttachmentRecord } from "../../../shared/attachments";
import { AppError } from "../../../shared/errors";
import type { OpenStore, SharedDatabase } from "./stores";

const textBytes = (text: string): Uint8Array => new TextEncoder().encode(text);
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

async function analysis(store: SqlStore, id: string): Promise<string> {
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

/** The stored bytes, or null when there is no such attachment. */
async function bytesIn(store: SqlStore, analysisId: string, id: string): Promise<Buffer | null> {
  const chunks = await store.readAttachment(analysisId, id);
  return chunks ? readAllBytes(chunks) : null;
}

const chunkRows = async (shared: SharedDatabase): Promise<number> => {
  const db = await shared.driver();
  const { rows } = await db.query<{ n: number | string }>("SELECT COUNT(*) AS n FROM attachment_chunks");
  return Number(rows[0]?.n);
};

export function attachmentsContract(open: OpenStore, openShared: () => Promise<SharedDatabase>): void {
  describe("attachments", () => {
    it("gives back the record and exactly the bytes it stored, across several chunks", async () => {
      const store = await open();
      const id = await analysis(store, "an-1");
      const bytes = new Uint8Array(CHUNK_BYTES * 2 + 12_345).map((_, i) => (i * 31) % 256);
      const record = recordOf(id, bytes, { owner: { kind: "source", id: "s9" }, uploadedBy: null });
      await store.saveAttachment(record, bytes, 10_000_000);
      expect((await bytesIn(store, id, record.id))?.equals(bytes)).toBe(true);
      expect(await store.getAttachmentRecord(id, record.id)).toEqual(record);

      const empty = recordOf(id, new Uint8Array(0));
      await store.saveAttachment(empty, new Uint8Array(0), 10_000_000);
      expect((await bytesIn(store, id, empty.id))?.byteLength).toBe(0);
    });

    it("reads chunk by chunk, and a delete during the read ends it with not_found", async () => {
      const store = await open();
      const id = await analysis(store, "an-1");
      const bytes = new Uint8Array(CHUNK_BYTES * 3).fill(7);
      const record = recordOf(id, bytes);
      await store.saveAttachment(record, bytes, 10_000_000);
      const chunks = await store.readAttachment(id, record.id);
      const sizes: number[] = [];
      const read = (async () => {
        for await (const chunk of chunks ?? []) {
          sizes.push(chunk.byteLength);
          if (sizes.length === 1) await store.deleteAttachment(id, record.id);
        }
      })();
      await expect(read).rejects.toMatchObject({ code: "not_found" });
      expect(sizes).toEqual([CHUNK_BYTES]);
    });

    it("lists an analysis's attachments oldest first, and only that analysis's", async () => {
      const store = await open();
      const one = await analysis(store, "an-1");
      const two = await analysis(store, "an-2");
      const first = recordOf(one, textBytes("first"));
      const other = recordOf(two, textBytes("other"));
      const second = recordOf(one, textBytes("second"));
      for (const r of [first, other, second]) await store.saveAttachment(r, textBytes(r.name), 1_000);
      expect(await store.listAttachments(one)).toEqual([first, second]);
      expect(await store.listAttachments(two)).toEqual([other]);
      // An id from another analysis is not found through this one.
      expect(await store.readAttachment(one, other.id)).toBeNull();
      expect(await store.getAttachmentRecord(one, other.id)).toBeNull();
      expect(await store.deleteAttachment(one, other.id)).toBe(false);
    });

    it("deletes an attachment once, with its bytes", async () => {
      const shared = await openShared();
      const store = await shared.open();
      const id = await analysis(store, "an-1");
      const record = recordOf(id, textBytes("gone"));
      await store.saveAttachment(record, textBytes("gone"), 1_000);
      expect(await store.deleteAttachment(id, record.id)).toBe(true);
      expect(await store.deleteAttachment(id, record.id)).toBe(false);
      expect(await store.readAttachment(id, record.id)).toBeNull();
      expect(await store.listAttachments(id)).toEqual([]);
      expect(await chunkRows(shared)).toBe(0);
    });

    it("refuses an upload past the analysis's total and keeps nothing of it", async () => {
      const shared = await openShared();
      const store = await shared.open();
      const id = await analysis(store, "an-1");
      await store.saveAttachment(recordOf(id, new Uint8Array(600)), new Uint8Array(600), 1_000);
      const big = recordOf(id, new Uint8Array(401));
      expect(await codeOf(store.saveAttachment(big, new Uint8Array(401), 1_000))).toBe("payload_too_large");
      expect(await store.readAttachment(id, big.id)).toBeNull();
      expect((await store.listAttachments(id)).map((r) => r.size)).toEqual([600]);
      expect(await chunkRows(shared)).toBe(1);
      // Exactly at the limit is allowed.
      const fits = recordOf(id, new Uint8Array(400));
      await store.saveAttachment(fits, new Uint8Array(400), 1_000);
      expect((await store.listAttachments(id)).length).toBe(2);
    });

    it("lets only one of two concurrent uploads through when both would pass the total alone", async () => {
      const shared = await openShared();
      const [a, b] = [await shared.open(), await shared.open()];
      const id = await analysis(a, "an-1");
      const size = CHUNK_BYTES + 700;
      for (let round = 0; round < 5; round++) {
        const x = recordOf(id, new Uint8Array(size));
        const y = recordOf(id, new Uint8Array(size));
        const limit = size * (round + 1) + size - 1;
        const results = await Promise.all([
          codeOf(a.saveAttachment(x, new Uint8Array(size), limit)),
          codeOf(b.saveAttachment(y, new Uint8Array(size), limit)),
        ]);
        expect(results.sort()).toEqual(["payload_too_large", "resolved"]);
      }
      expect((await a.listAttachments(id)).length).toBe(5);
      // Two chunks for each of the five stored; the refused ones left none.
      expect(await chunkRows(shared)).toBe(10);
    });

    it("refuses a reused id and leaves the stored file whole", async () => {
      const store = await open();
      const id = await analysis(store, "an-1");
      const record = recordOf(id, textBytes("x"));
      await store.saveAttachment(record, textBytes("x"), 1_000);
      expect(await codeOf(store.saveAttachment(record, textBytes("y"), 1_000))).toBe("conflict");
      expect(await store.listAttachments(id)).toEqual([record]);
      expect((await bytesIn(store, id, record.id))?.toString()).toBe("x");
    });

    it("removes, on opening, chunks a crash left without a record, but not an upload's in flight", async () => {
      const shared = await openShared();
      const store = await shared.open();
      const id = await analysis(store, "an-1");
      const kept = recordOf(id, textBytes("kept"));
      await store.saveAttachment(kept, textBytes("kept"), 1_000);
      const db = await shared.driver();
      const insert = (blobId: string, ageMs: number) =>
        db.query("INSERT INTO attachment_chunks (blob_id, seq, data, written_at) VALUES ($1, 0, $2, $3)", [
          blobId,
          Buffer.from("orphan"),
          new Date(Date.now() - ageMs).toISOString(),
        ]);
      await insert("crashed", ORPHAN_CHUNK_AGE_MS + 60_000);
      await insert("in-flight", 1_000);
      await shared.open();
      const { rows } = await db.query<{ blob_id: string }>("SELECT blob_id FROM attachment_chunks");
      expect(rows.map((r) => r.blob_id)).not.toContain("crashed");
      expect(rows.map((r) => r.blob_id)).toContain("in-flight");
      expect((await bytesIn(store, id, kept.id))?.toString()).toBe("kept");
    });
  });
}
