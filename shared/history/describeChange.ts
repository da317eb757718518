/**
 * One change of a diff in words, named as the matrix names things: "E2 'Villagers report…': the
 * credibility medium → high", "Ana's rating of E1 × H2 'Afghan army': – → II". Pure; the server
 * adds the text to each change of `GET /diff` so no client shows raw ids.
 */
import type { AnalysisJson } from "../schema/analysisJson";
import { type ActivityLabels, activityLabelsOf, fieldWords, quote } from "./activity";
import type { AnalysisChange } from "./diffAnalyses";

/** Labels of both sides of a diff, the later side winning (items removed since keep their old code). */
export function diffLabels(before: AnalysisJson, after: AnalysisJson): ActivityLabels {
  const a = activityLabelsOf(before);
  const b = activityLabelsOf(after);
  return {
    evidence: new Map([...a.evidence, ...b.evidence]),
    hypotheses: new Map([...a.hypotheses, ...b.hypotheses]),
    milestones: new Map([...a.milestones, ...b.milestones]),
    sources: new Map([...(a.sources ?? []), ...(b.sources ?? [])]),
  };
}

/** Fields whose values are free text, quoted when shown. */
const TEXT_FIELDS = new Set(["title", "claim", "source", "url", "question", "classification", "text"]);

function value(field: string | undefined, v: unknown): string {
  if (v === undefined || v === null || v === "") return "–";
  if (typeof v === "string") return field !== undefined && TEXT_FIELDS.has(field) ? quote(v) : v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (typeof v === "object" && "rating" in v) return String(v.rating);
  return "…";
}

/** Quotes a label; diffInWords passes a memo, since a diff names the same few labels thousands of times. */
type Quote = (text: string) => string;

function named(code: string | undefined, label: string | undefined, what: string, id: string, q: Quote) {
  return code ? `${code} ${q(label ?? "")}` : `${what} ${q(label ?? id)}`;
}

function item(c: AnalysisChange, labels: ActivityLabels, q: Quote): string {
  if (c.area === "evidence") {
    const e = labels.evidence.get(c.id);
    return named(e?.code, e?.label, "evidence", c.id, q);
  }
  if (c.area === "hypothesis") {
    const h = labels.hypotheses.get(c.id);
    return named(h?.code, h?.label, "hypothesis", c.id, q);
  }
  if (c.area === "source") return `source ${q(labels.sources?.get(c.id)?.label ?? c.id)}`;
  return `milestone ${q(labels.milestones.get(c.id)?.label ?? c.id)}`;
}

/** "E2 × H1 'label'" of a cell key: its first two ":"-separated parts. */
function cell(key: string, labels: ActivityLabels, q: Quote): string {
  const colon = key.indexOf(":");
  const next = colon < 0 ? -1 : key.indexOf(":", colon + 1);
  const e = colon < 0 ? key : key.slice(0, colon);
  const h = colon < 0 ? "" : key.slice(colon + 1, next < 0 ? key.length : next);
  const hyp = labels.hypotheses.get(h);
  return `${labels.evidence.get(e)?.code ?? "E?"} × ${hyp ? `${hyp.code} ${q(hyp.label)}` : "H?"}`;
}

function arrow(c: AnalysisChange, field?: string): string {
  return `${value(field, c.before)} → ${value(field, c.after)}`;
}

/** The change as a sentence; `analystName` names the owner of a changed rating. */
export function describeChange(
  c: AnalysisChange,
  labels: ActivityLabels,
  analystName: (userId: string) => string,
  q: Quote = quote,
): string {
  switch (c.area) {
    case "meta":
      return typeof c.before === "object" || typeof c.after === "object"
        ? `edited ${fieldWords(c.id)}`
        : `${fieldWords(c.id)}: ${arrow(c, c.id)}`;
    case "rating":
      return `${analystName(c.analyst ?? "")}'s rating of ${cell(c.id, labels, q)}: ${arrow(c)}`;
    case "lead":
      if (c.field === "override") return `the override of ${cell(c.id, labels, q)}: ${arrow(c)}`;
      if (c.id === "blind") return c.after === true ? "turned blind rating on" : "turned blind rating off";
      return c.id === "conclusion" ? "edited the conclusion" : `changed ${fieldWords(c.id)}`;
    default:
      if (c.kind !== "changed") return `${c.kind} ${item(c, labels, q)}`;
      if (c.field === "text" && c.area === "source") return `${item(c, labels, q)}: edited the captured text`;
      if (typeof c.before === "object" || typeof c.after === "object")
        return `${item(c, labels, q)}: edited ${fieldWords(c.field ?? null)}`;
      return `${item(c, labels, q)}: ${fieldWords(c.field ?? null)} ${arrow(c, c.field)}`;
  }
}

/**
 * `diff` with each change's `text`. `accountNames` (user id → account name) name the owners of
 * changed ratings first, since a ratings document's own name may be empty; then the document's.
 */
export function diffInWords<D extends { readonly changes: readonly AnalysisChange[] }>(
  diff: D,
  before: AnalysisJson,
  after: AnalysisJson,
  accountNames: Readonly<Record<string, string>>,
): D & { readonly changes: readonly (AnalysisChange & { readonly text: string })[] } {
  const labels = diffLabels(before, after);
  const names = new Map<string, string>();
  const analystName = (userId: string): string => {
    let name = names.get(userId);
    if (name === undefined) {
      name = accountNames[userId] || after.ratings[userId]?.name || before.ratings[userId]?.name || userId;
      names.set(userId, name);
    }
    return name;
  };
  const quoted = new Map<string, string>();
  const q = (text: string): string => {
    let words = quoted.get(text);
    if (words === undefined) {
      words = quote(text);
      quoted.set(text, words);
    }
    return words;
  };
  return {
    ...diff,
    changes: diff.changes.map((c) => ({ ...c, text: describeChange(c, labels, analystName, q) })),
  };
}
