/** How big attachments may be: per file and per analysis (ATTACHMENT_MAX_BYTES, ANALYSIS_ATTACHMENTS_MAX_BYTES). */
export interface AttachmentLimits {
  readonly maxFileBytes: number;
  readonly maxAnalysisBytes: number;
}

export const DEFAULT_ATTACHMENT_LIMITS: AttachmentLimits = {
  maxFileBytes: 25 * 1_048_576,
  maxAnalysisBytes: 250 * 1_048_576,
};
