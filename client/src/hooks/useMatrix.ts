/**
 * The matrix as plain data (meta, hypotheses, evidence, my ratings) plus the edits a user can make.
 * Components render this and call the actions; only this hook touches the Y.Docs.
 */
import { useCallback, useMemo } from "react";
import {
  addEvidence,
  addHypothesis,
  type Evidence,
  evidenceMap,
  type Hypothesis,
  hypothesesMap,
  listEvidence,
  listHypotheses,
  metaMap,
  moveEvidence,
  moveHypothesis,
  readMeta,
  renameHypothesis,
  setEvidenceArchived,
  setHypothesisArchived,
  updateEvidence,
  updateMeta,
} from "../../../shared/schema/contentDoc";
import type { EvidenceFields } from "../../../shared/schema/fields";
import { type MergeKind, mergeItems } from "../../../shared/schema/merge";
import { ratingsMap, readRatings, setRating } from "../../../shared/schema/ratingsDoc";
import type { RatingCode } from "../../../shared/schema/vocabulary";
import type { Identity } from "../lib/identity";
import type { AnalysisDocs } from "./useAnalysisDoc";
import { useYValue } from "./useYValue";

export interface MatrixActions {
  readonly updateMeta: (patch: { title?: string; question?: string }) => void;
  readonly addHypothesis: (title: string) => string;
  readonly renameHypothesis: (id: string, title: string) => void;
  /** Move by `delta` places among the items currently listed (archived ones count only when shown). */
  readonly moveHypothesis: (id: string, delta: -1 | 1) => void;
  readonly setHypothesisArchived: (id: string, archived: boolean) => void;
  readonly addEvidence: (claim: string) => string;
  readonly updateEvidence: (id: string, patch: Partial<EvidenceFields>) => void;
  readonly moveEvidence: (id: string, delta: -1 | 1) => void;
  readonly setEvidenceArchived: (id: string, archived: boolean) => void;
  readonly rate: (evidenceId: string, hypothesisId: string, code: RatingCode | null) => void;
  /** Put `id` where `targetId` is (drag and drop): after it when moving down, before it when moving up. */
  readonly dropEvidence: (id: string, targetId: string) => void;
  readonly dropHypothesis: (id: string, targetId: string) => void;
  /** Merge a duplicate into its survivor (see shared/schema/merge.ts). */
  readonly merge: (kind: MergeKind, survivorId: string, loserId: string) => void;
}

export interface MatrixData {
  readonly title: string;
  readonly question: string;
  /** Listed hypotheses/evidence in display order; archived included only when asked. */
  readonly hypotheses: readonly Hypothesis[];
  readonly evidence: readonly Evidence[];
  /** My ratings by `cellKey`. */
  readonly ratings: Readonly<Record<string, RatingCode>>;
  readonly actions: MatrixActions;
}

/** Index in the full order (without `id`) that puts `id` at `targetId`'s place. */
function dropIndex(all: readonly { id: string }[], id: string, targetId: string): number | null {
  const from = all.findIndex((a) => a.id === id);
  const to = all.findIndex((a) => a.id === targetId);
  if (from < 0 || to < 0 || from === to) return null;
  const without = all.filter((a) => a.id !== id);
  const at = without.findIndex((a) => a.id === targetId);
  return from < to ? at + 1 : at;
}

/** Index of `id` among all items (archived included) after moving it `delta` places among `visible`. */
function targetIndex(
  all: readonly { id: string }[],
  visible: readonly { id: string }[],
  id: string,
  delta: number,
) {
  const pos = visible.findIndex((v) => v.id === id);
  const neighbour = visible[pos + delta];
  if (pos < 0 || !neighbour) return null;
  const without = all.filter((a) => a.id !== id);
  const n = without.findIndex((a) => a.id === neighbour.id);
  return delta > 0 ? n + 1 : n;
}

export function useMatrix(docs: AnalysisDocs, identity: Identity, showArchived: boolean): MatrixData {
  const { content, ratings: ratingsDoc } = docs;

  const meta = useYValue(
    metaMap(content),
    useCallback(() => readMeta(content), [content]),
  );
  const hypotheses = useYValue(
    hypothesesMap(content),
    useCallback(() => listHypotheses(content, { includeArchived: showArchived }), [content, showArchived]),
  );
  const evidence = useYValue(
    evidenceMap(content),
    useCallback(() => listEvidence(content, { includeArchived: showArchived }), [content, showArchived]),
  );
  const ratings = useYValue(
    ratingsMap(ratingsDoc),
    useCallback(() => readRatings(ratingsDoc), [ratingsDoc]),
  );

  const actions = useMemo((): MatrixActions => {
    const actor = () => ({ userId: identity.userId, now: new Date().toISOString() });
    return {
      updateMeta: (patch) => updateMeta(content, patch),
      addHypothesis: (title) => addHypothesis(content, { title }, actor()),
      renameHypothesis: (id, title) => renameHypothesis(content, id, title),
      moveHypothesis: (id, delta) => {
        const all = listHypotheses(content, { includeArchived: true });
        const visible = showArchived ? all : all.filter((h) => !h.archived);
        const index = targetIndex(all, visible, id, delta);
        if (index !== null) moveHypothesis(content, id, index);
      },
      setHypothesisArchived: (id, archived) => setHypothesisArchived(content, id, archived),
      addEvidence: (claim) => addEvidence(content, { claim }, actor()),
      updateEvidence: (id, patch) => updateEvidence(content, id, patch),
      moveEvidence: (id, delta) => {
        const all = listEvidence(content, { includeArchived: true });
        const visible = showArchived ? all : all.filter((e) => !e.archived);
        const index = targetIndex(all, visible, id, delta);
        if (index !== null) moveEvidence(content, id, index);
      },
      setEvidenceArchived: (id, archived) => setEvidenceArchived(content, id, archived),
      rate: (evidenceId, hypothesisId, code) => setRating(ratingsDoc, evidenceId, hypothesisId, code),
      dropEvidence: (id, targetId) => {
        const index = dropIndex(listEvidence(content, { includeArchived: true }), id, targetId);
        if (index !== null) moveEvidence(content, id, index);
      },
      dropHypothesis: (id, targetId) => {
        const index = dropIndex(listHypotheses(content, { includeArchived: true }), id, targetId);
        if (index !== null) moveHypothesis(content, id, index);
      },
      merge: (kind, survivorId, loserId) => mergeItems(content, kind, survivorId, loserId, actor()),
    };
  }, [content, ratingsDoc, identity.userId, showArchived]);

  return { title: meta.title, question: meta.question, hypotheses, evidence, ratings, actions };
}
