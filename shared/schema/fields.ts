/**
 * zod schemas for every user-editable field: the one place that says what a valid title, claim,
 * date or URL is. Client forms, REST routes, imports and the Yjs accessors all validate with these.
 */
import { z } from "zod";
import { ID_PATTERN } from "../documentNames";
import { Limits } from "../limits";
import {
  EVIDENCE_TYPES,
  INFO_CREDIBILITY,
  LEVELS,
  RATING_CODES,
  SOURCE_KINDS,
  SOURCE_RELIABILITY,
} from "./vocabulary";

export const titleSchema = z.string().trim().min(1, "must not be empty").max(Limits.titleMaxLength);
export const questionSchema = z.string().max(Limits.questionMaxLength);
export const levelSchema = z.enum(LEVELS);
export const ratingCodeSchema = z.enum(RATING_CODES);
export const evidenceTypeSchema = z.enum(EVIDENCE_TYPES);

/** ISO calendar date, or "" when unknown. */
export const evidenceDateSchema = z.union([
  z.literal(""),
  z.iso.date({ message: "must be a date as YYYY-MM-DD" }),
]);

/** http(s) links only: a `javascript:` URL in a shared analysis would be an attack on its readers. */
export const urlSchema = z.union([
  z.literal(""),
  z
    .string()
    .max(Limits.urlMaxLength)
    .refine((v) => /^https?:\/\//i.test(v) && URL.canParse(v), "must be an http(s) URL"),
]);

export const evidenceFieldsSchema = z.object({
  claim: z.string().trim().min(1, "must not be empty").max(Limits.claimMaxLength),
  source: z.string().max(Limits.sourceMaxLength),
  url: urlSchema,
  date: evidenceDateSchema,
  type: evidenceTypeSchema,
  credibility: levelSchema,
  relevance: levelSchema,
  reliability: z.enum(SOURCE_RELIABILITY),
  infoCredibility: z.enum(INFO_CREDIBILITY),
  flagged: z.boolean(),
});
export type EvidenceFields = z.infer<typeof evidenceFieldsSchema>;

export const DEFAULT_EVIDENCE_FIELDS: Omit<EvidenceFields, "claim"> = {
  source: "",
  url: "",
  date: "",
  type: "other",
  credibility: "medium",
  relevance: "medium",
  reliability: "",
  infoCredibility: "",
  flagged: false,
};

/** A short BCP 47 language tag (`en`, `uk`, `pt-BR`, `zh-Hant`), or "" when unknown. */
export const languageSchema = z.union([
  z.literal(""),
  z
    .string()
    .max(35)
    .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, "must be a language tag such as en or pt-BR"),
]);

/** A source of the analysis's library (its notes are rich text beside these fields). */
export const sourceFieldsSchema = z.object({
  title: titleSchema,
  kind: z.enum(SOURCE_KINDS),
  /** Publisher or author, as the reader would cite them. */
  publisher: z.string().max(Limits.sourceMaxLength),
  publishedAt: evidenceDateSchema,
  retrievedAt: evidenceDateSchema,
  url: urlSchema,
  archiveUrl: urlSchema,
  language: languageSchema,
  reliability: z.enum(SOURCE_RELIABILITY),
});
export type SourceFields = z.infer<typeof sourceFieldsSchema>;

export const DEFAULT_SOURCE_FIELDS: Omit<SourceFields, "title"> = {
  kind: "article",
  publisher: "",
  publishedAt: "",
  retrievedAt: "",
  url: "",
  archiveUrl: "",
  language: "",
  reliability: "",
};

/** Yjs relative position, `Y.encodeRelativePosition` as base64. */
const relativePositionSchema = z
  .string()
  .min(1, "must not be empty")
  .max(Limits.relativePositionMaxLength)
  .regex(/^[A-Za-z0-9+/]+=*$/, "must be base64");

const contextSchema = z.string().max(Limits.quoteContextLength);

/**
 * A citation: which passage of a source's captured text an evidence row rests on. The quote with
 * its context is a W3C TextQuoteSelector (survives any rewrite of the document); the relative
 * positions follow the passage while people edit it.
 */
export const citationSchema = z.object({
  sourceId: z.string().regex(ID_PATTERN, "must be an id"),
  exact: z.string().min(1, "must not be empty").max(Limits.quoteMaxLength),
  prefix: contextSchema,
  suffix: contextSchema,
  start: relativePositionSchema,
  end: relativePositionSchema,
  createdBy: z.string().max(Limits.shortTextMaxLength),
  createdAt: z.string().max(Limits.shortTextMaxLength),
});
export type CitationFields = z.infer<typeof citationSchema>;

export const weightsSchema = z.object({
  low: z.number().finite().positive(),
  medium: z.number().finite().positive(),
  high: z.number().finite().positive(),
});
export type Weights = z.infer<typeof weightsSchema>;

/** PARC ACH weights: Low 1/√2, Medium 1, High √2, so High×High = 2 and Low×Low = 0.5. */
export const DEFAULT_WEIGHTS: Weights = { low: Math.SQRT1_2, medium: 1, high: Math.SQRT2 };
