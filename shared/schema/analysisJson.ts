/**
 * The plain-JSON view of a whole analysis: what `GET /api/analyses/:id` returns, what JSON export
 * writes and what import (`POST /api/analyses`) reads back. Array order is display order (fractional
 * keys are an internal detail and are minted afresh on import), rich text is ProseMirror-style JSON
 * (plain strings are accepted on input). Versioned by `schemaVersion`: version 2 added sources (with
 * their captured text), citations on evidence rows and attachment metadata; version 1 files still
 * import (as an analysis without sources).
 */
import * as Y from "yjs";
import { z } from "zod";
import type { AttachmentRecord } from "../attachments";
import { Limits } from "../limits";
import type { Actor } from "./collection";
import { type Comment, commentBodySchema, commentTargetSchema, listComments, writeComment } from "./comments";
import {
  addEvidence,
  addHypothesis,
  addMilestone,
  descriptionFragment,
  evidenceNotes,
  hypothesisDescription,
  initContent,
  listEvidence,
  listHypotheses,
  listMilestones,
  readMeta,
  setEvidenceArchived,
  setHypothesisArchived,
  setMilestoneArchived,
} from "./contentDoc";
import {
  DEFAULT_EVIDENCE_FIELDS,
  evidenceFieldsSchema,
  questionSchema,
  titleSchema,
  weightsSchema,
} from "./fields";
import { orderSequence } from "./fractionalOrder";
import { newId, parseCellKey } from "./ids";
import {
  addApproval,
  approvalSchema,
  conclusionFragment,
  overrideSchema,
  readApprovals,
  readLeadSettings,
  readOverrides,
  setBlind,
  setOverride,
  setWeights,
} from "./leadDoc";
import { ratingsMap, readRaterName, readRatings, setRaterName } from "./ratingsDoc";
import { fragmentToRichDoc, type RichDoc, writeRichDoc } from "./richText";
import { idSchema, itemCommon, richTextSchema as richTextOf } from "./richTextJson";
import {
  buildCitations,
  buildSources,
  type CitationJson,
  citationsJsonSchema,
  readCitationsJson,
  readSourcesJson,
  type SourceJson,
  sourceJsonSchema,
  sourceViews,
} from "./sourcesJson";
import { parseOrThrow } from "./validate";
import { RATING_CODES } from "./vocabulary";

export const ANALYSIS_JSON_SCHEMA_VERSION = 2;
/** Versions import still reads. */
const READABLE_SCHEMA_VERSIONS = [1, 2] as const;

const richTextSchema = richTextOf();

const hypothesisJsonSchema = z.object({
  ...itemCommon,
  title: titleSchema,
  description: richTextSchema,
});

const evidenceJsonSchema = evidenceFieldsSchema.partial().extend({
  ...itemCommon,
  claim: evidenceFieldsSchema.shape.claim,
  notes: richTextSchema,
  citations: citationsJsonSchema,
});

const milestoneJsonSchema = z.object({ ...itemCommon, hypothesisId: idSchema, text: titleSchema });

const ratingsJsonSchema = z.record(
  idSchema,
  z.object({
    name: z.string().max(Limits.displayNameMaxLength).default(""),
    cells: z.record(z.string(), z.enum(RATING_CODES)),
  }),
);

const commentJsonSchema = z.object({
  id: idSchema.optional(),
  target: commentTargetSchema,
  body: commentBodySchema,
  author: z.string().max(64).default(""),
  authorName: z.string().max(Limits.displayNameMaxLength).default(""),
  createdAt: z.string().optional(),
  resolved: z.boolean().default(false),
  resolvedBy: z.string().nullable().default(null),
  resolvedAt: z.string().nullable().default(null),
  replyTo: idSchema.nullable().default(null),
});

const leadJsonSchema = z.object({
  blind: z.boolean().default(false),
  weights: weightsSchema.optional(),
  overrides: z.record(z.string(), overrideSchema).default({}),
  conclusion: richTextSchema,
  approvals: z.array(approvalSchema).max(Limits.maxApprovals).default([]),
});

export const analysisJsonSchema = z
  .object({
    schemaVersion: z.literal(READABLE_SCHEMA_VERSIONS, {
      message: `unsupported schemaVersion (this server reads versions ${READABLE_SCHEMA_VERSIONS.join(" and ")})`,
    }),
    id: z.string().optional(),
    title: titleSchema,
    question: questionSchema.default(""),
    classification: questionSchema.default(""),
    description: richTextSchema,
    createdAt: z.string().optional(),
    createdBy: z.string().optional(),
    hypotheses: z.array(hypothesisJsonSchema).max(Limits.maxHypotheses).default([]),
    evidence: z.array(evidenceJsonSchema).max(Limits.maxEvidence).default([]),
    milestones: z.array(milestoneJsonSchema).max(Limits.maxMilestones).default([]),
    sources: z.array(sourceJsonSchema).max(Limits.maxSources).default([]),
    ratings: ratingsJsonSchema.default({}),
    comments: z.array(commentJsonSchema).max(Limits.maxComments).default([]),
    lead: leadJsonSchema.default({
      blind: false,
      overrides: {},
      conclusion: { type: "doc", content: [] },
      approvals: [],
    }),
  })
  .superRefine((a, ctx) => {
    const hyp = new Set(a.hypotheses.map((h) => h.id).filter(Boolean));
    const ev = new Set(a.evidence.map((e) => e.id).filter(Boolean));
    const dup = (ids: (string | undefined)[], path: string): void => {
      const seen = new Set<string>();
      for (const id of ids) {
        if (id === undefined) continue;
        if (seen.has(id)) ctx.addIssue({ code: "custom", path: [path], message: `duplicate id "${id}"` });
        seen.add(id);
      }
    };
    dup(
      a.hypotheses.map((h) => h.id),
      "hypotheses",
    );
    dup(
      a.evidence.map((e) => e.id),
      "evidence",
    );
    dup(
      a.sources.map((s) => s.id),
      "sources",
    );
    const sources = new Set(a.sources.map((s) => s.id).filter(Boolean));
    a.evidence.forEach((e, i) => {
      e.citations.forEach((c, j) => {
        if (!sources.has(c.sourceId)) {
          ctx.addIssue({
            code: "custom",
            path: ["evidence", i, "citations", j, "sourceId"],
            message: "unknown source",
          });
        }
      });
    });
    a.milestones.forEach((m, i) => {
      if (!hyp.has(m.hypothesisId)) {
        ctx.addIssue({
          code: "custom",
          path: ["milestones", i, "hypothesisId"],
          message: "unknown hypothesis",
        });
      }
    });
    const checkCell = (key: string, path: (string | number)[]): void => {
      const cell = parseCellKey(key);
      if (!cell || !ev.has(cell.evidenceId) || !hyp.has(cell.hypothesisId)) {
        ctx.addIssue({
          code: "custom",
          path,
          message: `cell "${key}" does not name an evidence and a hypothesis`,
        });
      }
    };
    for (const [user, r] of Object.entries(a.ratings)) {
      for (const key of Object.keys(r.cells)) checkCell(key, ["ratings", user, "cells", key]);
    }
    for (const key of Object.keys(a.lead.overrides)) checkCell(key, ["lead", "overrides", key]);
    const commentIds = new Set(a.comments.map((c) => c.id).filter(Boolean));
    a.comments.forEach((c, i) => {
      const t = c.target;
      const known =
        t.kind === "hypothesis"
          ? hyp.has(t.id)
          : t.kind === "evidence"
            ? ev.has(t.id)
            : ev.has(t.evidenceId) && hyp.has(t.hypothesisId);
      if (!known)
        ctx.addIssue({ code: "custom", path: ["comments", i, "target"], message: "unknown comment target" });
      if (c.replyTo !== null && !commentIds.has(c.replyTo)) {
        ctx.addIssue({ code: "custom", path: ["comments", i, "replyTo"], message: "unknown comment" });
      }
    });
  });

/** What import accepts (defaults filled, strings become rich text). */
export type AnalysisJsonInput = z.input<typeof analysisJsonSchema>;
export type ParsedAnalysisJson = z.output<typeof analysisJsonSchema>;

export interface HypothesisJson {
  readonly id: string;
  readonly title: string;
  readonly description: RichDoc;
  readonly archived: boolean;
  readonly mergedInto: string | null;
  readonly createdAt: string;
  readonly createdBy: string;
}

export interface EvidenceJson extends Readonly<z.output<typeof evidenceFieldsSchema>> {
  readonly id: string;
  readonly notes: RichDoc;
  /** The passages of sources this row rests on, oldest first. */
  readonly citations: readonly CitationJson[];
  readonly archived: boolean;
  readonly mergedInto: string | null;
  readonly createdAt: string;
  readonly createdBy: string;
}

export interface MilestoneJson {
  readonly id: string;
  readonly hypothesisId: string;
  readonly text: string;
  readonly archived: boolean;
  readonly createdAt: string;
  readonly createdBy: string;
}

/** The complete JSON view produced from an analysis's documents. */
export interface AnalysisJson {
  readonly schemaVersion: typeof ANALYSIS_JSON_SCHEMA_VERSION;
  readonly id: string;
  readonly title: string;
  readonly question: string;
  readonly classification: string;
  readonly description: RichDoc;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly hypotheses: readonly HypothesisJson[];
  readonly evidence: readonly EvidenceJson[];
  readonly milestones: readonly MilestoneJson[];
  /** The source library, with each source's captured text. */
  readonly sources: readonly SourceJson[];
  /** Metadata of the files kept beside the analysis (the bytes are not in the JSON view). */
  readonly attachments: readonly AttachmentRecord[];
  readonly ratings: Readonly<
    Record<string, { readonly name: string; readonly cells: Readonly<Record<string, string>> }>
  >;
  /** Comment threads on hypotheses, rows and cells, oldest first. */
  readonly comments: readonly Comment[];
  readonly lead: {
    readonly blind: boolean;
    readonly weights: z.output<typeof weightsSchema>;
    readonly overrides: Readonly<Record<string, z.output<typeof overrideSchema>>>;
    readonly conclusion: RichDoc;
    readonly approvals: readonly z.output<typeof approvalSchema>[];
  };
}

/** The Yjs documents of one analysis. */
export interface AnalysisDocs {
  readonly content: Y.Doc;
  readonly lead: Y.Doc;
  /** userId → that analyst's ratings document. */
  readonly ratings: ReadonlyMap<string, Y.Doc>;
  /** sourceId → that source's captured-text document. */
  readonly sources: ReadonlyMap<string, Y.Doc>;
}

/** Every document of `docs`, e.g. to destroy them. */
export const allDocs = (docs: AnalysisDocs): Y.Doc[] => [
  docs.content,
  docs.lead,
  ...docs.ratings.values(),
  ...docs.sources.values(),
];

/**
 * Read the JSON view of an analysis from its documents (archived items included, flagged as such).
 * `attachments` is the attachment metadata the server keeps beside the documents.
 */
export function readAnalysisJson(
  id: string,
  docs: AnalysisDocs,
  attachments: readonly AttachmentRecord[] = [],
): AnalysisJson {
  const { content, lead } = docs;
  const views = sourceViews(docs.sources);
  const meta = readMeta(content);
  const settings = readLeadSettings(lead);
  const ratings: Record<string, { name: string; cells: Record<string, string> }> = {};
  for (const [userId, doc] of docs.ratings) {
    const cells = readRatings(doc);
    if (Object.keys(cells).length > 0) ratings[userId] = { name: readRaterName(doc), cells };
  }
  return {
    schemaVersion: ANALYSIS_JSON_SCHEMA_VERSION,
    id,
    ...meta,
    description: fragmentToRichDoc(descriptionFragment(content)),
    hypotheses: listHypotheses(content, { includeArchived: true }).map((h) => ({
      id: h.id,
      title: h.title,
      description: fragmentToRichDoc(hypothesisDescription(content, h.id)),
      archived: h.archived,
      mergedInto: h.mergedInto,
      createdAt: h.createdAt,
      createdBy: h.createdBy,
    })),
    evidence: listEvidence(content, { includeArchived: true }).map(({ order: _o, ...e }) => ({
      ...e,
      notes: fragmentToRichDoc(evidenceNotes(content, e.id)),
      citations: readCitationsJson(content, e.id, views),
    })),
    milestones: listMilestones(content, { includeArchived: true }).map(
      ({ order: _o, mergedInto: _m, ...m }) => m,
    ),
    sources: readSourcesJson(content, docs.sources),
    attachments,
    ratings,
    comments: listComments(content),
    lead: {
      blind: settings.blind,
      weights: settings.weights,
      overrides: readOverrides(lead),
      conclusion: fragmentToRichDoc(conclusionFragment(lead)),
      approvals: readApprovals(lead),
    },
  };
}

/** Validate untrusted JSON (an import or a create request); throws `validation_failed` naming the field. */
export function parseAnalysisJson(value: unknown): ParsedAnalysisJson {
  return parseOrThrow(analysisJsonSchema, value, "analysis");
}

/**
 * Build fresh documents holding a parsed analysis. Ids of hypotheses and evidence are kept, so
 * ratings keep pointing at their cells; times and authors default to `actor`.
 */
export function buildAnalysisDocs(json: ParsedAnalysisJson, actor: Actor): AnalysisDocs {
  const content = new Y.Doc();
  const lead = new Y.Doc();
  const ratings = new Map<string, Y.Doc>();
  let sources = new Map<string, Y.Doc>();
  const by = (item: { createdAt?: string | undefined; createdBy?: string | undefined }): Actor => ({
    userId: item.createdBy ?? actor.userId,
    now: item.createdAt ?? actor.now,
  });
  content.transact(() => {
    initContent(content, json, by(json));
    writeRichDoc(descriptionFragment(content), json.description);
    // Every collection starts empty here: mint each order key once instead of sorting per row.
    const hypothesisOrder = orderSequence();
    for (const h of json.hypotheses) {
      const id = addHypothesis(
        content,
        { title: h.title, index: { order: hypothesisOrder() }, ...(h.id ? { id: h.id } : {}) },
        by(h),
      );
      writeRichDoc(hypothesisDescription(content, id), h.description);
      if (h.archived) setHypothesisArchived(content, id, true);
    }
    sources = buildSources(content, json.sources, by);
    const views = sourceViews(sources);
    const evidenceOrder = orderSequence();
    for (const e of json.evidence) {
      const { id: given, archived, notes, citations, createdAt: _a, createdBy: _b, ...fields } = e;
      const id = addEvidence(
        content,
        {
          ...DEFAULT_EVIDENCE_FIELDS,
          ...fields,
          index: { order: evidenceOrder() },
          ...(given ? { id: given } : {}),
        },
        by(e),
      );
      writeRichDoc(evidenceNotes(content, id), notes);
      buildCitations(content, id, citations, views, by);
      if (archived) setEvidenceArchived(content, id, true);
    }
    for (const c of json.comments) {
      const { id, createdAt, ...rest } = c;
      writeComment(content, { ...rest, id: id ?? newId("c"), createdAt: createdAt ?? actor.now });
    }
    const milestoneOrder = orderSequence();
    for (const m of json.milestones) {
      const id = addMilestone(
        content,
        {
          hypothesisId: m.hypothesisId,
          text: m.text,
          index: { order: milestoneOrder() },
          ...(m.id ? { id: m.id } : {}),
        },
        by(m),
      );
      if (m.archived) setMilestoneArchived(content, id, true);
    }
  });
  lead.transact(() => {
    setBlind(lead, json.lead.blind);
    if (json.lead.weights) setWeights(lead, json.lead.weights);
    for (const [key, o] of Object.entries(json.lead.overrides)) setOverride(lead, key, o);
    writeRichDoc(conclusionFragment(lead), json.lead.conclusion);
    for (const a of json.lead.approvals) addApproval(lead, a);
  });
  for (const [userId, r] of Object.entries(json.ratings)) {
    const doc = new Y.Doc();
    doc.transact(() => {
      setRaterName(doc, r.name);
      for (const [key, code] of Object.entries(r.cells)) ratingsMap(doc).set(key, code);
    });
    ratings.set(userId, doc);
  }
  return { content, lead, ratings, sources };
}
