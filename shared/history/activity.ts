/**
 * The activity feed: who changed what in an analysis, as structured entries the server records from
 * Yjs transactions and both sides turn into words ("Ann rated E7 × H2: C → II"). Entries keep ids,
 * not labels, so a row renumbered or renamed later still reads right; `label` keeps the title or
 * claim an item had when it was added, for items that no longer exist.
 */

import { evidenceCode } from "../schema/evidenceCodes";

export const ACTIVITY_KINDS = [
  "rating",
  "evidence",
  "hypothesis",
  "milestone",
  "meta",
  "lead",
  "comment",
  "version",
  "restore",
  "source",
  "citation",
  "attachment",
] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

export const ACTIVITY_ACTIONS = [
  "added",
  "removed",
  "changed",
  "edited_text",
  "archived",
  "unarchived",
  "moved",
  "merged",
  "rated",
  "cleared",
  "overrode",
  "cleared_override",
  "approved",
  "saved",
  "restored",
  "imported",
] as const;
export type ActivityAction = (typeof ACTIVITY_ACTIONS)[number];

/** One change as the recorder produces it (before the store numbers it). */
export interface ActivityInput {
  readonly analysisId: string;
  readonly docName: string;
  readonly userId: string | null;
  /** Display name at the time of the change (from the connection); null for server edits. */
  readonly userName: string | null;
  /** ISO time. */
  readonly at: string;
  readonly kind: ActivityKind;
  readonly action: ActivityAction;
  /**
   * Item id (evidence, hypothesis, milestone, source), cell key `e:h`, version id, or null for the
   * analysis. For a citation: the evidence row's id (`after` names the source, `label` the quote).
   */
  readonly target: string | null;
  /** Field changed (`claim`, `credibility`, `notes`, `weights`…), or null. */
  readonly field: string | null;
  readonly before: string | null;
  readonly after: string | null;
  /** Title or claim of the item when recorded, so removed items still read as words. */
  readonly label: string | null;
  /**
   * Entries with the same key (same user, item, field and minute) fold into one: keystroke-level
   * text edits become "edited the notes of E3" once a minute, keeping the first `before`.
   */
  readonly coalesceKey: string | null;
}

/** A stored entry. */
export interface ActivityEntry extends ActivityInput {
  readonly id: number;
  /** How many changes were folded into this entry. */
  readonly count: number;
}

/** Short codes and labels of the items of an analysis, as the matrix numbers them. */
export interface ActivityLabels {
  readonly evidence: ReadonlyMap<string, { readonly code: string; readonly label: string }>;
  readonly hypotheses: ReadonlyMap<string, { readonly code: string; readonly label: string }>;
  readonly milestones: ReadonlyMap<string, { readonly label: string }>;
  /** Source titles by id. */
  readonly sources?: ReadonlyMap<string, { readonly label: string }>;
  /** Version names by id, so "approved version …" names the version rather than its id. */
  readonly versions?: ReadonlyMap<string, string>;
}

/** E-codes follow row order (archived rows keep their number), H-codes the active columns, as exports do. */
export function activityLabelsOf(items: {
  readonly evidence: readonly { readonly id: string; readonly claim: string }[];
  readonly hypotheses: readonly { readonly id: string; readonly title: string; readonly archived: boolean }[];
  readonly milestones: readonly { readonly id: string; readonly text: string }[];
  readonly sources?: readonly { readonly id: string; readonly title: string }[];
}): ActivityLabels {
  const json = items;
  const activeHyps = json.hypotheses.filter((h) => !h.archived);
  return {
    sources: new Map((json.sources ?? []).map((s) => [s.id, { label: s.title }])),
    evidence: new Map(json.evidence.map((e, i) => [e.id, { code: evidenceCode(i), label: e.claim }])),
    hypotheses: new Map(
      json.hypotheses.map((h) => {
        const i = activeHyps.indexOf(h);
        return [h.id, { code: i >= 0 ? `H${i + 1}` : "H(archived)", label: h.title }];
      }),
    ),
    milestones: new Map(json.milestones.map((m) => [m.id, { label: m.text }])),
  };
}

const MAX_QUOTE = 40;

/** A label cut to a quotable length, in typographic quotes. */
export function quote(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return `'${flat.length > MAX_QUOTE ? `${flat.slice(0, MAX_QUOTE - 1)}…` : flat}'`;
}

const FIELD_WORDS: Readonly<Record<string, string>> = {
  claim: "the claim",
  source: "the source",
  url: "the link",
  date: "the date",
  type: "the type",
  credibility: "the credibility",
  relevance: "the relevance",
  reliability: "the source reliability",
  infoCredibility: "the information credibility",
  flagged: "the flag",
  title: "the title",
  question: "the question",
  classification: "the classification",
  description: "the description",
  notes: "the notes",
  text: "the text",
  weights: "the weights",
  blind: "blind rating",
  conclusion: "the conclusion",
  order: "the order",
  kind: "the kind",
  publisher: "the publisher",
  publishedAt: "the publication date",
  retrievedAt: "the retrieval date",
  archiveUrl: "the archive link",
  language: "the language",
  capturedText: "the captured text",
  citations: "the citations",
};

/** "the credibility", "the notes"… for a field name. */
export const fieldWords = (field: string | null): string => (field ? (FIELD_WORDS[field] ?? field) : "");
const arrow = (before: string | null, after: string | null): string =>
  `${before === null || before === "" ? "–" : before} → ${after === null || after === "" ? "–" : after}`;

/** The entry as a sentence (without the actor), e.g. "rated E7 × H2: C → II". */
export function describeActivity(entry: ActivityInput, labels: ActivityLabels): string {
  const ev = (id: string | null) => {
    const known = id ? labels.evidence.get(id) : undefined;
    return known ? `${known.code} ${quote(known.label)}` : `evidence ${quote(entry.label ?? id ?? "?")}`;
  };
  const hyp = (id: string | null) => {
    const known = id ? labels.hypotheses.get(id) : undefined;
    return known ? `${known.code} ${quote(known.label)}` : `hypothesis ${quote(entry.label ?? id ?? "?")}`;
  };
  const cell = () => {
    const [e, h] = (entry.target ?? "").split(":");
    const eCode = (e && labels.evidence.get(e)?.code) ?? "E?";
    const hCode = (h && labels.hypotheses.get(h)?.code) ?? "H?";
    return `${eCode} × ${hCode}`;
  };
  const item = (): string => {
    switch (entry.kind) {
      case "evidence":
        return ev(entry.target);
      case "hypothesis":
        return hyp(entry.target);
      case "milestone": {
        const known = entry.target ? labels.milestones.get(entry.target) : undefined;
        return `milestone ${quote(known?.label ?? entry.label ?? "?")}`;
      }
      case "source":
        return source(entry.target);
      default:
        return "the analysis";
    }
  };
  const source = (id: string | null): string => {
    const known = id ? labels.sources?.get(id) : undefined;
    return `source ${quote(known?.label ?? (entry.kind === "source" ? entry.label : null) ?? "?")}`;
  };
  const newItem = (): string => `${entry.kind} ${quote(entry.label ?? "")}`;
  const versionName = (): string => {
    const name = entry.target ? labels.versions?.get(entry.target) : undefined;
    // Approvals recorded the version id as their label; never show an id when the name is known.
    return quote(name ?? (entry.label !== entry.target ? entry.label : null) ?? "a version");
  };
  if (entry.kind === "attachment") {
    // target: the owner's id, field: its kind, label: the file name.
    const source = entry.target ? labels.sources?.get(entry.target) : undefined;
    const row = entry.target !== null && labels.evidence.has(entry.target);
    const owner =
      entry.field === "source"
        ? source
          ? `source ${quote(source.label)}`
          : "a source"
        : row
          ? ev(entry.target)
          : "an evidence row since removed";
    const file = quote(entry.label ?? "a file");
    return entry.action === "removed"
      ? `removed the attachment ${file} from ${owner}`
      : `attached ${file} to ${owner}`;
  }
  if (entry.kind === "comment") {
    return entry.action === "removed" ? "deleted a comment" : `commented ${quote(entry.label ?? "")}`;
  }
  if (entry.kind === "citation") {
    const passage = entry.label ? `${quote(entry.label)} ` : "a passage ";
    return entry.action === "removed"
      ? `removed the citation of ${passage}from ${ev(entry.target)}`
      : `cited ${passage}of ${source(entry.after)} in ${ev(entry.target)}`;
  }
  switch (entry.action) {
    case "rated":
      return `rated ${cell()}: ${arrow(entry.before, entry.after)}`;
    case "cleared":
      return `cleared the rating of ${cell()} (was ${entry.before ?? "–"})`;
    case "overrode":
      return `overrode the consensus of ${cell()}: ${arrow(entry.before, entry.after)}`;
    case "cleared_override":
      return `removed the override of ${cell()}`;
    case "added":
      return `added ${newItem()}`;
    case "removed":
      // A removed item is no longer in the matrix: name it by what it said (recorded at removal).
      return entry.label ? `removed ${newItem()}` : `removed ${item()}`;
    case "archived":
      return `archived ${item()}`;
    case "unarchived":
      return `brought back ${item()}`;
    case "moved":
      return `moved ${item()}`;
    case "merged":
      return `merged ${item()} into ${entry.kind === "hypothesis" ? hyp(entry.after) : ev(entry.after)}`;
    case "edited_text":
      return entry.kind === "meta" || entry.kind === "lead"
        ? `edited ${fieldWords(entry.field)}`
        : `edited ${fieldWords(entry.field)} of ${item()}`;
    case "changed":
      if (entry.kind === "lead" && entry.field === "weights") return "changed the weights";
      if (entry.kind === "lead" && entry.field === "blind") {
        return entry.after === "true" ? "turned blind rating on" : "revealed the ratings (blind off)";
      }
      if (entry.kind === "meta")
        return `changed ${fieldWords(entry.field)}: ${arrow(entry.before, entry.after)}`;
      return `changed ${fieldWords(entry.field)} of ${item()}: ${arrow(entry.before, entry.after)}`;
    case "approved":
      return `approved version ${versionName()}`;
    case "saved":
      return `saved version ${versionName()}`;
    case "imported":
      return `imported the analysis from ${entry.label ? quote(entry.label) : "a file"}`;
    case "restored": {
      const what =
        entry.field === "evidence"
          ? ev(entry.target)
          : entry.field === "hypothesis"
            ? hyp(entry.target)
            : "the analysis";
      return `restored ${what} to version ${quote(entry.label ?? "")}`;
    }
  }
}

/** The feed line of an entry: "<who> <what they did>", or "Imported from <file> by <who>" for an import. */
export function activityText(entry: ActivityInput, userName: string, labels: ActivityLabels): string {
  if (entry.action === "imported") {
    return `Imported from ${entry.label ? quote(entry.label) : "a file"} by ${userName}`;
  }
  return `${userName} ${describeActivity(entry, labels)}`;
}
