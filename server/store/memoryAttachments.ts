/** Attachments of MemoryStore: same rules as the SQL tables (atomic save, per-analysis total), in a map. */
import type { AttachmentRecord } from "../../shared/attachments";
import { AppError } from "../../shared/errors";
import { type AttachmentStore, analysisQuotaMessage, type StoredAttachment } from "./AttachmentStore";

export class MemoryAttachments implements AttachmentStore {
  /** Insertion order is upload order. */
  private readonly files = new Map<string, StoredAttachment>();

  async saveAttachment(record: AttachmentRecord, bytes: Uint8Array, maxAnalysisBytes: number): Promise<void> {
    if (this.files.has(record.id)) throw new AppError("conflict", `attachment ${record.id} already exists`);
    // Synchronous from check to insert: no other save can run in between.
    const used = this.recordsOf(record.analysisId).reduce((sum, r) => sum + r.size, 0);
    if (used + record.size > maxAnalysisBytes) {
      throw new AppError("payload_too_large", analysisQuotaMessage(maxAnalysisBytes));
    }
    this.files.set(record.id, { record, bytes: bytes.slice() });
  }

  async listAttachments(analysisId: string): Promise<AttachmentRecord[]> {
    return this.recordsOf(analysisId);
  }

  async getAttachmentRecord(analysisId: string, id: string): Promise<AttachmentRecord | null> {
    return (await this.getAttachment(analysisId, id))?.record ?? null;
  }

  async getAttachment(analysisId: string, id: string): Promise<StoredAttachment | null> {
    const found = this.files.get(id);
    return found && found.record.analysisId === analysisId ? found : null;
  }

  async deleteAttachment(analysisId: string, id: string): Promise<boolean> {
    if (!(await this.getAttachment(analysisId, id))) return false;
    return this.files.delete(id);
  }

  private recordsOf(analysisId: string): AttachmentRecord[] {
    return [...this.files.values()].filter((f) => f.record.analysisId === analysisId).map((f) => f.record);
  }
}
