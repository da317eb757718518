/**
 * The lead document `<id>/lead`, written only by leads: scoring weights, blind-rating flag,
 * consensus overrides, the conclusion (rich text) and approvals.
 */
import type * as Y from "yjs";
import { z } from "zod";
import { Limits } from "../limits";
import { DEFAULT_WEIGHTS, type Weights, weightsSchema } from "./fields";
import { parseOrThrow } from "./validate";
import { RATING_CODES, type RatingCode } from "./vocabulary";

export const settingsMap = (doc: Y.Doc): Y.Map<unknown> => doc.getMap("settings");
export const overridesMap = (doc: Y.Doc): Y.Map<unknown> => doc.getMap("overrides");
export const conclusionFragment = (doc: Y.Doc): Y.XmlFragment => doc.getXmlFragment("conclusion");
export const approvalsArray = (doc: Y.Doc): Y.Array<unknown> => doc.getArray("approvals");

const shortText = z.string().max(Limits.shortTextMaxLength);

export const overrideSchema = z.object({
  rating: z.enum(RATING_CODES),
  reason: z.string().trim().min(1, "a reason is required").max(Limits.overrideReasonMaxLength),
  by: shortText,
  at: shortText,
});
export type Override = z.infer<typeof overrideSchema>;

export const approvalSchema = z.object({
  id: shortText,
  by: shortText,
  byName: z.string().max(Limits.displayNameMaxLength),
  at: shortText,
  /** The version (snapshot) the approval pins. */
  versionId: shortText,
  note: z.string().max(Limits.approvalNoteMaxLength).default(""),
});
export type Approval = z.infer<typeof approvalSchema>;

export interface LeadSettings {
  readonly blind: boolean;
  /** Weights as stored; may be invalid (scoring falls back and warns). */
  readonly weights: Weights;
}

export function readLeadSettings(doc: Y.Doc): LeadSettings {
  const s = settingsMap(doc);
  const w = s.get("weights");
  return {
    blind: s.get("blind") === true,
    weights:
      w && typeof w === "object" ? { ...DEFAULT_WEIGHTS, ...(w as Partial<Weights>) } : DEFAULT_WEIGHTS,
  };
}

export function setBlind(doc: Y.Doc, blind: boolean): void {
  settingsMap(doc).set("blind", blind);
}

export function setWeights(doc: Y.Doc, weights: Weights): void {
  settingsMap(doc).set("weights", parseOrThrow(weightsSchema, weights, "weights"));
}

export function readOverrides(doc: Y.Doc): Record<string, Override> {
  const out: Record<string, Override> = {};
  overridesMap(doc).forEach((v, k) => {
    const parsed = overrideSchema.safeParse(v);
    if (parsed.success) out[k] = parsed.data;
  });
  return out;
}

/** Override a cell's consensus with a reason; null removes the override. */
export function setOverride(
  doc: Y.Doc,
  key: string,
  value: { rating: RatingCode; reason: string; by: string; at: string } | null,
): void {
  if (value === null) overridesMap(doc).delete(key);
  else overridesMap(doc).set(key, parseOrThrow(overrideSchema, value, "override"));
}

export function readApprovals(doc: Y.Doc): Approval[] {
  return approvalsArray(doc)
    .toArray()
    .flatMap((v) => {
      const parsed = approvalSchema.safeParse(v);
      return parsed.success ? [parsed.data] : [];
    });
}

export function addApproval(doc: Y.Doc, approval: Approval): void {
  approvalsArray(doc).push([parseOrThrow(approvalSchema, approval, "approval")]);
}
