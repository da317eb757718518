/**
 * What each of an analysis's Yjs documents may hold, per top-level part: the field schemas of
 * `shared/schema/fields.ts` and the counts and sizes of `shared/limits.ts`. `validateDocument.ts`
 * applies these rules to a whole document or to just what one transaction touched.
 */

import { z } from "zod";
import type { DocumentKind } from "../documentNames";
import { ID_PATTERN } from "../documentNames";
import { Limits } from "../limits";
import { commentBodySchema, commentTargetSchema } from "../schema/comments";
import {
  citationSchema,
  evidenceFieldsSchema,
  questionSchema,
  ratingCodeSchema,
  sourceFieldsSchema,
  titleSchema,
  weightsSchema,
} from "../schema/fields";
import { approvalSchema, overrideSchema } from "../schema/leadDoc";
import { plainIssue } from "./plainIssue";

/** A check of one plain value: a message when it is refused, else null. */
export type ValueCheck = (value: unknown) => string | null;

/** A map with named fields; keys no rule names may hold small plain values only. */
export interface FieldsRule {
  readonly kind: "fields";
  readonly fields: Readonly<Record<string, ValueCheck>>;
}

/** A map of many like entries (ratings, overrides): key pattern, value check, count. */
export interface EntriesRule {
  readonly kind: "entries";
  readonly key: RegExp;
  readonly value: ValueCheck;
  readonly max: number;
}

/**
 * A Y.Map<id, Y.Map> inside a collection item (an evidence row's citations): entries of plain
 * values, at most `max`; `refs` names fields whose value must be a key of another top-level
 * collection of the same document (a citation's `sourceId` names a source).
 */
export interface NestedMapRule {
  readonly max: number;
  /** Checks one entry whole, as a plain object (entries are small and all their fields required). */
  readonly entry: ValueCheck;
  readonly refs: Readonly<Record<string, string>>;
}

/** A map of id → Y.Map item (hypotheses, evidence, …), each with fields and rich-text fields. */
export interface CollectionRule {
  readonly kind: "collection";
  readonly max: number;
  readonly fields: Readonly<Record<string, ValueCheck>>;
  readonly richText: readonly string[];
  readonly nested?: Readonly<Record<string, NestedMapRule>>;
}

export interface ArrayRule {
  readonly kind: "array";
  readonly max: number;
  readonly value: ValueCheck;
}

export interface RichTextRule {
  readonly kind: "richText";
  /** Size limit of the field; `Limits.richTextMaxLength` when absent. */
  readonly maxLength?: number;
}

/** Accepted unchecked: scaffolding for tests and benchmarks, never part of `DOCUMENT_RULES`. */
export interface UncheckedRule {
  readonly kind: "unchecked";
}

export type PartRule = FieldsRule | EntriesRule | CollectionRule | ArrayRule | RichTextRule | UncheckedRule;

/** A zod schema as a value check; objects are checked strictly, so nothing unnamed rides along. */
export function check(schema: z.ZodType): ValueCheck {
  return (value) => {
    const result = schema.safeParse(value);
    if (result.success) return null;
    const issue = result.error.issues[0];
    const path = issue && issue.path.length > 0 ? `${issue.path.join(".")}: ` : "";
    return `${path}${plainIssue(issue)}`;
  };
}

const short = check(z.string().max(Limits.shortTextMaxLength));
const shortOrNull = check(z.string().max(Limits.shortTextMaxLength).nullable());
const bool = check(z.boolean());
const id = check(z.string().regex(ID_PATTERN, "must be an id"));
const idOrNull = check(z.string().regex(ID_PATTERN, "must be an id").nullable());

const itemBase: Readonly<Record<string, ValueCheck>> = {
  order: short,
  archived: bool,
  createdAt: short,
  createdBy: short,
  mergedInto: idOrNull,
  mergedAt: short,
  mergedBy: short,
};

/** One check per field of an object schema. */
const fieldChecks = (shape: Readonly<Record<string, z.ZodType>>): Record<string, ValueCheck> =>
  Object.fromEntries(Object.entries(shape).map(([key, schema]) => [key, check(schema)]));

const evidenceFields = fieldChecks(evidenceFieldsSchema.shape);

const CELL_KEY = /^[A-Za-z0-9_-]{1,64}:[A-Za-z0-9_-]{1,64}$/;

const commentTarget = check(
  z.discriminatedUnion("kind", commentTargetSchema.options.map((option) => option.strict()) as never),
);

export const DOCUMENT_RULES: Readonly<Record<DocumentKind, Readonly<Record<string, PartRule>>>> = {
  content: {
    meta: {
      kind: "fields",
      fields: {
        title: check(titleSchema),
        question: check(questionSchema),
        classification: check(questionSchema),
        createdAt: short,
        createdBy: short,
      },
    },
    description: { kind: "richText" },
    hypotheses: {
      kind: "collection",
      max: Limits.maxHypotheses,
      fields: { ...itemBase, title: check(titleSchema) },
      richText: ["description"],
    },
    evidence: {
      kind: "collection",
      max: Limits.maxEvidence,
      fields: { ...itemBase, ...evidenceFields },
      richText: ["notes"],
      nested: {
        citations: {
          max: Limits.maxCitationsPerEvidence,
          entry: check(citationSchema.strict()),
          refs: { sourceId: "sources" },
        },
      },
    },
    sources: {
      kind: "collection",
      max: Limits.maxSources,
      fields: { ...itemBase, ...fieldChecks(sourceFieldsSchema.shape) },
      richText: ["notes"],
    },
    milestones: {
      kind: "collection",
      max: Limits.maxMilestones,
      fields: { ...itemBase, hypothesisId: id, text: check(titleSchema) },
      richText: [],
    },
    comments: {
      kind: "collection",
      max: Limits.maxComments,
      fields: {
        target: commentTarget,
        body: check(commentBodySchema),
        author: short,
        authorName: check(z.string().max(Limits.displayNameMaxLength)),
        createdAt: short,
        resolved: bool,
        resolvedBy: shortOrNull,
        resolvedAt: shortOrNull,
        replyTo: idOrNull,
      },
      richText: [],
    },
    merges: {
      kind: "array",
      max: Limits.maxMerges,
      value: check(
        z
          .object({
            kind: z.enum(["evidence", "hypothesis"]),
            survivorId: z.string().regex(ID_PATTERN),
            loserId: z.string().regex(ID_PATTERN),
            by: z.string().max(Limits.shortTextMaxLength),
            at: z.string().max(Limits.shortTextMaxLength),
          })
          .strict(),
      ),
    },
  },
  ratings: {
    ratings: {
      kind: "entries",
      key: CELL_KEY,
      value: check(ratingCodeSchema),
      max: Limits.maxRatingsPerAnalyst,
    },
    meta: { kind: "fields", fields: { name: check(z.string().max(Limits.displayNameMaxLength)) } },
    migrated: {
      kind: "entries",
      key: /^(evidence|hypothesis):[A-Za-z0-9_-]{1,64}$/,
      value: check(z.literal(true)),
      max: Limits.maxEvidence + Limits.maxHypotheses,
    },
  },
  lead: {
    settings: { kind: "fields", fields: { blind: bool, weights: check(weightsSchema.strict()) } },
    overrides: {
      kind: "entries",
      key: CELL_KEY,
      value: check(overrideSchema.strict()),
      max: Limits.maxRatingsPerAnalyst,
    },
    conclusion: { kind: "richText" },
    approvals: { kind: "array", max: Limits.maxApprovals, value: check(approvalSchema.strict()) },
  },
  source: {
    text: { kind: "richText", maxLength: Limits.sourceTextMaxLength },
  },
};
