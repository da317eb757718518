/**
 * Typed accessors over an analysis's content document `<id>`: meta, hypotheses (columns), evidence
 * (rows) and milestones. Leads and analysts write it; every write validates with `fields.ts`.
 *
 * Layout: `meta` Y.Map (title, question, classification, createdAt, createdBy), `description`
 * Y.XmlFragment, and the collections `hypotheses`, `evidence`, `milestones` as Y.Map<id, Y.Map>.
 * Each rich-text field is its own Y.XmlFragment inside the item (Tiptap binds one editor to each).
 */
import * as Y from "yjs";
import { AppError } from "../errors";
import { Limits } from "../limits";
import {
  type Actor,
  assertRoom,
  type Collection,
  fragmentOf,
  getItem,
  type ItemBase,
  type ItemMap,
  insertItem,
  listItems,
  moveItem,
  type Placement,
  readBase,
  setArchived,
  setFields,
  readText as text,
} from "./collection";
import {
  DEFAULT_EVIDENCE_FIELDS,
  type EvidenceFields,
  evidenceFieldsSchema,
  questionSchema,
  titleSchema,
} from "./fields";
import { newId } from "./ids";
import { parseOrThrow } from "./validate";

export interface AnalysisMeta {
  readonly title: string;
  readonly question: string;
  readonly classification: string;
  readonly createdAt: string;
  readonly createdBy: string;
}

export interface Hypothesis extends ItemBase {
  readonly title: string;
}

export interface Evidence extends ItemBase, Readonly<EvidenceFields> {}

export interface Milestone extends ItemBase {
  readonly hypothesisId: string;
  readonly text: string;
}

export const metaMap = (doc: Y.Doc): Y.Map<unknown> => doc.getMap("meta");
export const descriptionFragment = (doc: Y.Doc): Y.XmlFragment => doc.getXmlFragment("description");
export const hypothesesMap = (doc: Y.Doc): Collection => doc.getMap("hypotheses");
export const evidenceMap = (doc: Y.Doc): Collection => doc.getMap("evidence");
export const milestonesMap = (doc: Y.Doc): Collection => doc.getMap("milestones");

export function readMeta(doc: Y.Doc): AnalysisMeta {
  const m = metaMap(doc);
  return {
    title: text(m, "title", Limits.titleMaxLength),
    question: text(m, "question", Limits.questionMaxLength),
    classification: text(m, "classification", Limits.questionMaxLength),
    createdAt: text(m, "createdAt"),
    createdBy: text(m, "createdBy"),
  };
}

/** Set title, question or the classification/handling line. */
export function updateMeta(
  doc: Y.Doc,
  patch: { title?: string; question?: string; classification?: string },
): void {
  const m = metaMap(doc);
  doc.transact(() => {
    if (patch.title !== undefined) m.set("title", parseOrThrow(titleSchema, patch.title, "title"));
    if (patch.question !== undefined)
      m.set("question", parseOrThrow(questionSchema, patch.question, "question"));
    if (patch.classification !== undefined) {
      m.set("classification", parseOrThrow(questionSchema, patch.classification, "classification"));
    }
  });
}

/** Stamp a new content document with its meta (done once, when the analysis is created). */
export function initContent(
  doc: Y.Doc,
  meta: { title: string; question?: string; classification?: string },
  actor: Actor,
): void {
  doc.transact(() => {
    metaMap(doc).set("createdAt", actor.now);
    metaMap(doc).set("createdBy", actor.userId);
    updateMeta(doc, { question: "", classification: "", ...meta });
  });
}

// ---- hypotheses -----------------------------------------------------------------------------

export function readHypothesis(id: string, item: ItemMap): Hypothesis {
  return { ...readBase(id, item), title: text(item, "title", Limits.titleMaxLength) };
}

export function listHypotheses(doc: Y.Doc, opts: { includeArchived?: boolean } = {}): Hypothesis[] {
  return listItems(hypothesesMap(doc), readHypothesis, opts.includeArchived ?? false);
}

export function addHypothesis(
  doc: Y.Doc,
  input: { title: string; index?: Placement; id?: string },
  actor: Actor,
): string {
  const title = parseOrThrow(titleSchema, input.title, "title");
  assertRoom(hypothesesMap(doc), Limits.maxHypotheses, "hypotheses");
  const id = input.id ?? newId("h");
  insertItem(hypothesesMap(doc), id, actor, { title, description: new Y.XmlFragment() }, input.index);
  return id;
}

export function renameHypothesis(doc: Y.Doc, id: string, title: string): void {
  getItem(hypothesesMap(doc), id, "hypothesis").set("title", parseOrThrow(titleSchema, title, "title"));
}

export const moveHypothesis = (doc: Y.Doc, id: string, index: number): void =>
  moveItem(hypothesesMap(doc), id, index, "hypothesis");

export const setHypothesisArchived = (doc: Y.Doc, id: string, archived: boolean): void =>
  setArchived(hypothesesMap(doc), id, archived, "hypothesis");

/** The hypothesis's rich-text description (created on first access for items that lack one). */
export function hypothesisDescription(doc: Y.Doc, id: string): Y.XmlFragment {
  return fragmentOf(getItem(hypothesesMap(doc), id, "hypothesis"), "description");
}

// ---- evidence -------------------------------------------------------------------------------

export function readEvidence(id: string, item: ItemMap): Evidence {
  const get = <K extends keyof EvidenceFields>(key: K): EvidenceFields[K] => {
    const v = item.get(key);
    // Fields written by an older or hostile client fall back to defaults rather than break views.
    const ok = evidenceFieldsSchema.shape[key].safeParse(v);
    return ok.success ? (ok.data as EvidenceFields[K]) : (DEFAULT_EVIDENCE_FIELDS as EvidenceFields)[key];
  };
  return {
    ...readBase(id, item),
    claim: text(item, "claim", Limits.claimMaxLength),
    source: get("source"),
    url: get("url"),
    date: get("date"),
    type: get("type"),
    credibility: get("credibility"),
    relevance: get("relevance"),
    reliability: get("reliability"),
    infoCredibility: get("infoCredibility"),
    flagged: item.get("flagged") === true,
  };
}

export function listEvidence(doc: Y.Doc, opts: { includeArchived?: boolean } = {}): Evidence[] {
  return listItems(evidenceMap(doc), readEvidence, opts.includeArchived ?? false);
}

export function addEvidence(
  doc: Y.Doc,
  input: Partial<EvidenceFields> & { claim: string; index?: Placement; id?: string },
  actor: Actor,
): string {
  const { index, id: given, ...fields } = input;
  const valid = parseOrThrow(evidenceFieldsSchema, { ...DEFAULT_EVIDENCE_FIELDS, ...fields }, "evidence");
  assertRoom(evidenceMap(doc), Limits.maxEvidence, "evidence rows");
  const id = given ?? newId("e");
  insertItem(evidenceMap(doc), id, actor, { ...valid, notes: new Y.XmlFragment() }, index);
  return id;
}

/** Change some fields of an evidence row; unknown keys are refused, each value validated. */
export function updateEvidence(doc: Y.Doc, id: string, patch: Partial<EvidenceFields>): void {
  setFields(evidenceMap(doc), id, "evidence", () =>
    parseOrThrow(evidenceFieldsSchema.partial().strict(), patch, "evidence"),
  );
}

export const moveEvidence = (doc: Y.Doc, id: string, index: number): void =>
  moveItem(evidenceMap(doc), id, index, "evidence");

export const setEvidenceArchived = (doc: Y.Doc, id: string, archived: boolean): void =>
  setArchived(evidenceMap(doc), id, archived, "evidence");

export function evidenceNotes(doc: Y.Doc, id: string): Y.XmlFragment {
  return fragmentOf(getItem(evidenceMap(doc), id, "evidence"), "notes");
}

// ---- milestones (indicators to watch, per hypothesis) ---------------------------------------

export function readMilestone(id: string, item: ItemMap): Milestone {
  return {
    ...readBase(id, item),
    hypothesisId: text(item, "hypothesisId"),
    text: text(item, "text", Limits.titleMaxLength),
  };
}

export function listMilestones(doc: Y.Doc, opts: { includeArchived?: boolean } = {}): Milestone[] {
  return listItems(milestonesMap(doc), readMilestone, opts.includeArchived ?? false);
}

export function addMilestone(
  doc: Y.Doc,
  input: { hypothesisId: string; text: string; index?: Placement; id?: string },
  actor: Actor,
): string {
  getItem(hypothesesMap(doc), input.hypothesisId, "hypothesis");
  const body = parseOrThrow(titleSchema, input.text, "text");
  assertRoom(milestonesMap(doc), Limits.maxMilestones, "milestones");
  const id = input.id ?? newId("m");
  insertItem(milestonesMap(doc), id, actor, { hypothesisId: input.hypothesisId, text: body }, input.index);
  return id;
}

export function updateMilestone(doc: Y.Doc, id: string, body: string): void {
  getItem(milestonesMap(doc), id, "milestone").set("text", parseOrThrow(titleSchema, body, "text"));
}

export const setMilestoneArchived = (doc: Y.Doc, id: string, archived: boolean): void =>
  setArchived(milestonesMap(doc), id, archived, "milestone");

/** Throws unless both ids name existing (possibly archived) items; used before writing a rating. */
export function assertCellExists(doc: Y.Doc, evidenceId: string, hypothesisId: string): void {
  if (!evidenceMap(doc).has(evidenceId))
    throw new AppError("not_found", `evidence "${evidenceId}" not found`);
  if (!hypothesesMap(doc).has(hypothesisId)) {
    throw new AppError("not_found", `hypothesis "${hypothesisId}" not found`);
  }
}
