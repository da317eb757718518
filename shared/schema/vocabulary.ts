/** The controlled vocabularies of an analysis: rating codes, evidence types, levels, Admiralty codes. */

/** CC very consistent … II very inconsistent; NA not applicable. Unrated is the absence of a code. */
export const RATING_CODES = ["CC", "C", "N", "I", "II", "NA"] as const;
export type RatingCode = (typeof RATING_CODES)[number];

export const RATING_LABELS: Readonly<Record<RatingCode, string>> = {
  CC: "Very consistent",
  C: "Consistent",
  N: "Neutral",
  I: "Inconsistent",
  II: "Very inconsistent",
  NA: "Not applicable",
};

export const LEVELS = ["low", "medium", "high"] as const;
export type Level = (typeof LEVELS)[number];

export const EVIDENCE_TYPES = [
  "official_statement",
  "eyewitness",
  "imagery_video",
  "media_report",
  "social_media",
  "expert_assessment",
  "historical_precedent",
  "absence_of_evidence",
  "assumption",
  "other",
] as const;
export type EvidenceType = (typeof EVIDENCE_TYPES)[number];

export const EVIDENCE_TYPE_LABELS: Readonly<Record<EvidenceType, string>> = {
  official_statement: "Official statement",
  eyewitness: "Eyewitness",
  imagery_video: "Imagery / video",
  media_report: "Media report",
  social_media: "Social media",
  expert_assessment: "Expert assessment",
  historical_precedent: "Historical precedent",
  absence_of_evidence: "Absence of evidence",
  assumption: "Assumption",
  other: "Other",
};

/** Admiralty (NATO) source reliability A–F and information credibility 1–6; "" = not graded. */
export const SOURCE_RELIABILITY = ["", "A", "B", "C", "D", "E", "F"] as const;
export type SourceReliability = (typeof SOURCE_RELIABILITY)[number];
export const INFO_CREDIBILITY = ["", "1", "2", "3", "4", "5", "6"] as const;
export type InfoCredibility = (typeof INFO_CREDIBILITY)[number];

/** What a source is; the Sources page and the PDF appendix show the label. */
export const SOURCE_KINDS = [
  "article",
  "social_post",
  "video",
  "image",
  "document",
  "interview",
  "official_statement",
] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

export const SOURCE_KIND_LABELS: Readonly<Record<SourceKind, string>> = {
  article: "Article",
  social_post: "Social media post",
  video: "Video",
  image: "Image",
  document: "Document",
  interview: "Interview",
  official_statement: "Official statement",
};

export function isRatingCode(value: unknown): value is RatingCode {
  return typeof value === "string" && (RATING_CODES as readonly string[]).includes(value);
}
