/** Answers of the attachment routes. */
import { z } from "zod";

/** An attachment as the lists show it: the record (shared/attachments.ts) and its uploader's name. */
export const attachmentViewSchema = z.object({
  id: z.string(),
  analysisId: z.string(),
  owner: z.object({ kind: z.enum(["source", "evidence"]), id: z.string() }),
  name: z.string(),
  mediaType: z.string(),
  size: z.number(),
  sha256: z.string(),
  uploadedBy: z.string().nullable(),
  uploadedAt: z.string(),
  uploadedByName: z.string().nullable(),
});
export type AttachmentView = Readonly<z.infer<typeof attachmentViewSchema>>;

export const attachmentListSchema = z.object({
  attachments: z.array(attachmentViewSchema),
  limits: z.object({ maxFileBytes: z.number(), maxAnalysisBytes: z.number(), usedBytes: z.number() }),
});
export type AttachmentListing = Readonly<z.infer<typeof attachmentListSchema>>;

export const attachmentDeletedSchema = z.object({ deleted: z.string() });
