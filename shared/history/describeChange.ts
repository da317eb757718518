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

/** The change as a sentence; `analystName` names the owner of a changed rating. */
export function describeChange(
  c: AnalysisChange,
  labels: ActivityLabels,
  analystName: (userId: string) => string,
): string {
  const named = (code: string | undefined, label: string | undefined, what: string) =>
    code ? `${code} ${quote(label ?? "")}` : `${what} ${quote(label ?? c.id)}`;
  const item = (): string => {
    if (c.area === "evidence") {
      const e = labels.evidence.get(c.id);
      return named(e?.code, e?.label, "evidence");
    }
    if (c.area === "hypothesis") {
      const h = labels.hypotheses.get(c.id);
      return named(h?.code, h?.label, "hypothesis");
    }
    if (c.area === "source") return `source ${quote(labels.sources?.get(c.id)?.label ?? c.id)}`;
    return `milestone ${quote(labels.milestones.get(c.id)?.label ?? c.id)}`;
  };
  const cell = (): string => {
    const [e = "", h = ""] = c.id.split(":");
    const hyp = labels.hypotheses.get(h);
    return `${labels.evidence.get(e)?.code ?? "E?"} × ${hyp ? `${hyp.code} ${quote(hyp.label)}` : "H?"}`;
  };
  const arrow = (field?: string) => `${value(field, c.before)} → ${value(field, c.after)}`;
  switch (c.area) {
    case "meta":
      return typeof c.before === "object" || typeof c.after === "object"
        ? `edited ${fieldWords(c.id)}`
        : `${fieldWords(c.id)}: ${arrow(c.id)}`;
    case "rating":
      return `${analystName(c.analyst ?? "")}'s rating of ${cell()}: ${arrow()}`;
    case "lead":
      if (c.field === "override") return `the override of ${cell()}: ${arrow()}`;
      if (c.id === "blind") return c.after === true ? "turned blind rating on" : "turned blind rating off";
      return c.id === "conclusion" ? "edited the conclusion" : `changed ${fieldWords(c.id)}`;
    default:
      if (c.kind !== "changed") return `${c.kind} ${item()}`;
      if (c.field === "text" && c.area === "source") return `${item()}: edited the captured text`;
      if (typeof c.before === "object" || typeof c.after === "object")
        return `${item()}: edited ${fieldWords(c.field ?? null)}`;
      return `${item()}: ${fieldWords(c.field ?? null)} ${arrow(c.field)}`;
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
  const analystName = (userId: string): string =>
    accountNames[userId] || after.ratings[userId]?.name || before.ratings[userId]?.name || userId;
  return {
    ...diff,
    changes: diff.changes.map((c) => ({ ...c, text: describeChange(c, labels, analystName) })),
  };
}
