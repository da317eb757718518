/**
 * Attachments: files (screenshots, photos, PDFs, video stills) kept by the server beside an
 * analysis and owned by one source or one evidence row. The bytes live in the store; this is the
 * metadata every reader (the panels, the JSON view, the PDF appendix) shows.
 */

/** What an attachment belongs to. */
export interface AttachmentOwner {
  readonly kind: "source" | "evidence";
  readonly id: string;
}

export interface AttachmentRecord {
  readonly id: string;
  readonly analysisId: string;
  readonly owner: AttachmentOwner;
  /** The uploader's file name, cleaned for display and Content-Disposition. */
  readonly name: string;
  /** Detected from the content (never the uploader's claim), from the allow-list. */
  readonly mediaType: string;
  readonly size: number;
  /** Lowercase hex SHA-256 of the bytes. */
  readonly sha256: string;
  readonly uploadedBy: string | null;
  readonly uploadedAt: string;
}
