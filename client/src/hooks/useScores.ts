/**
 * Live scores of an analysis in the browser. One scoring engine per (content, lead) pair is fed
 * from Yjs events as they arrive: a rating change is one engine.setRating (O(1) sums plus one row's
 * diagnosticity), an evidence edit moves only the rows that changed, an override or weight change
 * goes straight to the engine. Only hypothesis or rater list changes rebuild (the engine decides).
 */
import { useEffect, useMemo, useRef, useState } from "react";
import type * as Y from "yjs";
import { evidenceMap, hypothesesMap, listEvidence, listHypotheses } from "../../../shared/schema/contentDoc";
import { parseCellKey } from "../../../shared/schema/ids";
import {
  overrideSchema,
  overridesMap,
  readLeadSettings,
  readOverrides,
  settingsMap,
} from "../../../shared/schema/leadDoc";
import { ratingsMap } from "../../../shared/schema/ratingsDoc";
import { createScoringEngine, type ScoringEngine } from "../../../shared/scoring";
import type { ScoreReport, ScoringEvidence, ScoringHypothesis } from "../../../shared/scoring/types";
import type { TeamRatings } from "./useTeamRatings";

export interface ScoringDocs {
  readonly content: Y.Doc;
  readonly lead: Y.Doc;
}

export interface LiveScoring {
  /** The live engine: call report(), sensitivity() or whatIf() on it; never mutate it. */
  readonly engine: ScoringEngine;
  /** Bumped after every change the engine absorbed; memoise derived values on it. */
  readonly version: number;
}

const activeHypotheses = (content: Y.Doc): ScoringHypothesis[] =>
  listHypotheses(content).map((h) => ({ id: h.id, title: h.title }));

const activeEvidence = (content: Y.Doc): ScoringEvidence[] =>
  listEvidence(content).map((e) => ({ id: e.id, credibility: e.credibility, relevance: e.relevance }));

/** Evidence keys that change scores or order; notes and claims do not. */
const SCORED_EVIDENCE_KEYS = ["archived", "credibility", "relevance", "order"];

function sameHypotheses(a: readonly ScoringHypothesis[], b: readonly ScoringHypothesis[]): boolean {
  return a.length === b.length && a.every((h, i) => h.id === b[i]?.id && h.title === b[i]?.title);
}

/**
 * Brings the engine's rows in line with `next`: removed rows out, changed levels updated, new or
 * moved rows placed. `mirror` is the engine's row order, kept alongside so moves stay few.
 */
function syncEvidence(
  engine: ScoringEngine,
  mirror: { ids: string[]; rows: Map<string, ScoringEvidence> },
  next: readonly ScoringEvidence[],
): boolean {
  let changed = false;
  const nextIds = new Set(next.map((e) => e.id));
  for (const id of mirror.ids) {
    if (nextIds.has(id)) continue;
    engine.removeEvidence(id);
    mirror.rows.delete(id);
    changed = true;
  }
  mirror.ids = mirror.ids.filter((id) => nextIds.has(id));
  next.forEach((row, i) => {
    const previous = mirror.rows.get(row.id);
    if (mirror.ids[i] !== row.id) {
      engine.setEvidence(row, i);
      const at = mirror.ids.indexOf(row.id);
      if (at >= 0) mirror.ids.splice(at, 1);
      mirror.ids.splice(i, 0, row.id);
      changed = true;
    } else if (previous?.credibility !== row.credibility || previous.relevance !== row.relevance) {
      engine.setEvidence(row);
      changed = true;
    }
    mirror.rows.set(row.id, row);
  });
  return changed;
}

/**
 * The live engine of an analysis, fed incrementally; re-renders the caller on every change.
 * `analysts` (member ids) limits who counts; other raters' ratings are ignored with a warning.
 * Without it every rater counts. `ownViewOnly` (ratings blind to me): the scores are my own view,
 * so the lead's overrides, which belong to the hidden consensus, are left out — the rule
 * `scoringInputOf` applies to one analyst's view on the server.
 */
export function useScoring(
  docs: ScoringDocs,
  team: TeamRatings,
  analysts: readonly string[] | null = null,
  ownViewOnly = false,
): LiveScoring {
  const { content, lead } = docs;
  const [version, setVersion] = useState(0);
  const bump = useRef(() => setVersion((v) => v + 1));

  // What the engine was built from: the effect below compares against it, not against a fresh read,
  // so content applied between this render and the effect (a prefetched bundle) reaches the engine.
  const built = useMemo(() => {
    const hypotheses = activeHypotheses(content);
    const evidence = activeEvidence(content);
    const overrides = ownViewOnly ? {} : readOverrides(lead);
    const engine = createScoringEngine({
      hypotheses,
      evidence,
      ratings: {},
      analysts: [],
      weights: readLeadSettings(lead).weights,
      overrides,
    });
    return { engine, hypotheses, evidence, overrides };
  }, [content, lead, ownViewOnly]);
  const { engine } = built;

  // Content: hypotheses (rebuild when the active list changes) and evidence rows (diffed).
  useEffect(() => {
    let hypotheses = built.hypotheses;
    const initial = built.evidence;
    const mirror = { ids: initial.map((e) => e.id), rows: new Map(initial.map((e) => [e.id, e])) };
    const onHypotheses = (): void => {
      const next = activeHypotheses(content);
      if (sameHypotheses(hypotheses, next)) return;
      hypotheses = next;
      engine.setHypotheses(next);
      bump.current();
    };
    const onEvidence = (events: Y.YEvent<Y.AbstractType<unknown>>[]): void => {
      const relevant = events.some(
        (e) =>
          e.path.length === 0 ||
          (e.path.length === 1 && SCORED_EVIDENCE_KEYS.some((key) => e.changes.keys.has(key))),
      );
      if (relevant && syncEvidence(engine, mirror, activeEvidence(content))) bump.current();
    };
    // Anything that happened between the engine's creation and this subscription.
    onHypotheses();
    if (syncEvidence(engine, mirror, activeEvidence(content))) bump.current();
    hypothesesMap(content).observeDeep(onHypotheses);
    evidenceMap(content).observeDeep(onEvidence);
    return () => {
      hypothesesMap(content).unobserveDeep(onHypotheses);
      evidenceMap(content).unobserveDeep(onEvidence);
    };
  }, [built, engine, content]);

  // Lead document: overrides cell by cell, weights as a whole.
  useEffect(() => {
    const overrides = overridesMap(lead);
    const settings = settingsMap(lead);
    const applyOverride = (key: string): void => {
      const cell = parseCellKey(key);
      if (!cell) return;
      const parsed = overrideSchema.safeParse(overrides.get(key));
      engine.setOverride(
        cell.evidenceId,
        cell.hypothesisId,
        parsed.success ? { rating: parsed.data.rating, reason: parsed.data.reason } : null,
      );
    };
    const onOverrides = (event: Y.YMapEvent<unknown>): void => {
      if (ownViewOnly) return;
      for (const key of event.keysChanged) applyOverride(key);
      bump.current();
    };
    // Overrides set or cleared between the engine's creation and this subscription.
    if (!ownViewOnly) {
      const keys = new Set([...Object.keys(built.overrides), ...overrides.keys()]);
      for (const key of keys) applyOverride(key);
      if (keys.size > 0) bump.current();
    }
    const onSettings = (event: Y.YMapEvent<unknown>): void => {
      if (!event.keysChanged.has("weights")) return;
      engine.setWeights(readLeadSettings(lead).weights);
      bump.current();
    };
    engine.setWeights(readLeadSettings(lead).weights);
    overrides.observe(onOverrides);
    settings.observe(onSettings);
    return () => {
      overrides.unobserve(onOverrides);
      settings.unobserve(onSettings);
    };
  }, [built, engine, lead, ownViewOnly]);

  // Raters: each ratings document feeds its cells one by one; joining or leaving changes the analysts.
  const attached = useRef(new Map<string, { doc: Y.Doc; detach: () => void }>());
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new engine starts with no rater attached.
  useEffect(() => {
    const map = attached.current;
    return () => {
      for (const { detach } of map.values()) detach();
      map.clear();
    };
  }, [engine]);

  const analystIds = useMemo(() => analysts ?? team.raters.map((r) => r.userId), [analysts, team.raters]);
  useEffect(() => {
    const map = attached.current;
    for (const [userId, entry] of map) {
      if (team.docs.get(userId) === entry.doc) continue;
      entry.detach();
      map.delete(userId);
    }
    for (const [userId, doc] of team.docs) {
      if (map.has(userId)) continue;
      const ratings = ratingsMap(doc);
      // Keys fed to the engine, so a rater who leaves takes every one of their cells along.
      const fed = new Set<string>();
      const feed = (key: string, value: unknown): void => {
        const cell = parseCellKey(key);
        if (!cell) return;
        const code = value === undefined || value === null ? null : String(value);
        engine.setRating(userId, cell.evidenceId, cell.hypothesisId, code);
        if (code === null) fed.delete(key);
        else fed.add(key);
      };
      // Straight from the map: no intermediate record of every cell (18 000 per rater at 1 000 × 20).
      ratings.forEach((code, key) => {
        feed(key, code);
      });
      const onRatings = (event: Y.YMapEvent<string>): void => {
        for (const key of event.keysChanged) feed(key, ratings.get(key));
        bump.current();
      };
      ratings.observe(onRatings);
      const detach = (): void => {
        ratings.unobserve(onRatings);
        for (const key of [...fed]) feed(key, null);
      };
      map.set(userId, { doc, detach });
    }
    engine.setAnalysts(analystIds);
    bump.current();
  }, [engine, team.docs, analystIds]);

  return useMemo(() => ({ engine, version }), [engine, version]);
}

/** The live score report (consensus, weighted and normalized scores, rows, analysts, warnings). */
export function useScores(docs: ScoringDocs, team: TeamRatings, ownViewOnly = false): ScoreReport {
  const { engine, version } = useScoring(docs, team, null, ownViewOnly);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` is the engine's change signal.
  return useMemo(() => engine.report(), [engine, version]);
}
