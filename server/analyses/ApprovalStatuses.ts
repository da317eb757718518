/**
 * "Changed since approval" for every caller (status route, analyses list, exports), computed at
 * most once per state: every open page asks after each edit, and each answer diffs two whole
 * analyses in a worker, so uncoordinated calls would fill the worker queue with the same work.
 *
 * Per analysis and view (blind rating shows callers different ratings documents): at most one
 * computation runs and one waits; callers arriving meanwhile share the waiting one, which reads
 * the documents only when it starts, so every caller gets an answer at least as new as its call.
 * The last answer is kept with a digest of the states it was computed from and reused while the
 * documents are unchanged (reading the states is cheap; the diff is what costs).
 */
import { createHash } from "node:crypto";
import { leadDocName } from "../../shared/documentNames";
import { readApprovals } from "../../shared/schema/leadDoc";
import type { VersionStore } from "../store/VersionStore";
import { type AnalysisStates, liveStates, versionStates } from "../workers/analysisStates";
import type { HeavyWork } from "../workers/HeavyWork";
import type { AnalysisDocuments } from "./AnalysisDocuments";
import type { ApprovalStatus, ChangesSince } from "./analysisVersions";
import { remember } from "./boundedCache";

interface View {
  /** Started, or done and kept as the tail of the chain. */
  running: Promise<unknown>;
  /** Not started yet: later callers join it. */
  waiting: Promise<ApprovalStatus> | null;
  last: { readonly digest: string; readonly changes: ChangesSince } | null;
}

export class ApprovalStatuses {
  private readonly views = new Map<string, View>();

  constructor(private readonly work: HeavyWork) {}

  /** Whether `analysisId` moved on since its latest approval, as `docs` (the caller's view) shows it. */
  async status(docs: AnalysisDocuments, versions: VersionStore, analysisId: string): Promise<ApprovalStatus> {
    const visible = await docs.listDocuments(`${analysisId}/ratings/`);
    const key = `${analysisId}\u0000${[...visible].sort().join("\u0000")}`;
    let view = this.views.get(key);
    if (view === undefined) {
      view = { running: Promise.resolve(), waiting: null, last: null };
      remember(this.views, key, view);
    }
    if (view.waiting !== null) return view.waiting;
    const current = view;
    const next = current.running
      .catch(() => undefined)
      .then(() => {
        current.waiting = null;
        return this.compute(current, docs, versions, analysisId);
      });
    current.waiting = next;
    current.running = next;
    return next;
  }

  private async compute(
    view: View,
    docs: AnalysisDocuments,
    versions: VersionStore,
    analysisId: string,
  ): Promise<ApprovalStatus> {
    const lead = await docs.readDocument(leadDocName(analysisId));
    const approval = readApprovals(lead).at(-1) ?? null;
    lead.destroy();
    if (!approval) return { approved: false, approval: null, changesSince: null, counts: null, changes: [] };
    const stored = await versions.getVersion(approval.versionId);
    if (!stored || stored.record.analysisId !== analysisId) {
      return { approved: true, approval, changesSince: null, counts: null, changes: [] };
    }
    // Compare only ratings the caller may see now (blind rating hides others' documents from `docs`).
    const visible = new Set(await docs.listDocuments(`${analysisId}/ratings/`));
    const now = await liveStates(docs, analysisId);
    const digest = digestOf(approval.versionId, now);
    let last = view.last;
    if (last?.digest !== digest) {
      const changes = await this.work.runJson<ChangesSince>({
        kind: "changesSince",
        approved: versionStates(stored, visible),
        now,
      });
      last = { digest, changes };
      view.last = last;
    }
    return { approved: true, approval, ...last.changes };
  }
}

/** Identifies the approved version and every live document's exact state. */
function digestOf(versionId: string, states: AnalysisStates): string {
  const hash = createHash("sha256").update(versionId);
  for (const [name, state] of states.documents)
    hash.update(`\u0000${name}\u0000${state.byteLength}\u0000`).update(state);
  return hash.digest("hex");
}
