/**
 * "Changed since approval" for every caller (status route, analyses list, exports), computed at
 * most once per state: every open page asks after each edit, and each answer diffs two whole
 * analyses in a worker, so uncoordinated calls would fill the worker queue with the same work.
 *
 * Per analysis and view (blind rating shows callers different ratings documents): at most one
 * computation runs and one waits; callers arriving meanwhile share the waiting one, which reads
 * the documents only when it starts, so every caller gets an answer at least as new as its call.
 * The last answer is kept with a digest of the states it was computed from and reused while the
 * documents are unchanged (reading the states is cheap; the diff is what costs). A shared
 * computation reads with its first caller's rights, so a caller takes its answer only if it saw
 * the same ratings documents (blind rating may switch on in between).
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
  waiting: Promise<Computed> | null;
  last: { readonly digest: string; readonly changes: ChangesSince } | null;
}

/** A status and the view (`viewKey`) it was computed for. */
interface Computed {
  readonly status: ApprovalStatus;
  readonly key: string;
}

export class ApprovalStatuses {
  private readonly views = new Map<string, View>();

  constructor(private readonly work: HeavyWork) {}

  /** Whether `analysisId` moved on since its latest approval, as `docs` (the caller's view) shows it. */
  async status(docs: AnalysisDocuments, versions: VersionStore, analysisId: string): Promise<ApprovalStatus> {
    for (let attempt = 0; attempt < 2; attempt++) {
      const key = await viewKey(docs, analysisId);
      const computed = await this.shared(key, docs, versions, analysisId);
      // A shared computation reads with its first caller's rights: use it only if it saw what we see.
      if (computed.key === key) return computed.status;
    }
    const alone: View = { running: Promise.resolve(), waiting: null, last: null };
    return (await this.compute(alone, docs, versions, analysisId)).status;
  }

  private shared(
    key: string,
    docs: AnalysisDocuments,
    versions: VersionStore,
    analysisId: string,
  ): Promise<Computed> {
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
  ): Promise<Computed> {
    // Compare only ratings the caller may see now (blind rating hides others' documents from `docs`).
    const visible = await docs.listDocuments(`${analysisId}/ratings/`);
    const key = keyOf(analysisId, visible);
    const lead = await docs.readDocument(leadDocName(analysisId));
    const approval = readApprovals(lead).at(-1) ?? null;
    lead.destroy();
    if (!approval) {
      return {
        key,
        status: { approved: false, approval: null, changesSince: null, counts: null, changes: [] },
      };
    }
    const stored = await versions.getVersion(approval.versionId);
    if (!stored || stored.record.analysisId !== analysisId) {
      return { key, status: { approved: true, approval, changesSince: null, counts: null, changes: [] } };
    }
    const now = await liveStates(docs, analysisId);
    const digest = digestOf(approval.versionId, now);
    let last = view.last;
    if (last?.digest !== digest) {
      const changes = await this.work.runJson<ChangesSince>({
        kind: "changesSince",
        approved: versionStates(stored, new Set(visible)),
        now,
      });
      last = { digest, changes };
      view.last = last;
    }
    return { key, status: { approved: true, approval, ...last.changes } };
  }
}

/** Which view of `analysisId` `docs` gives: the ratings documents it lists. */
async function viewKey(docs: AnalysisDocuments, analysisId: string): Promise<string> {
  return keyOf(analysisId, await docs.listDocuments(`${analysisId}/ratings/`));
}

const keyOf = (analysisId: string, visible: readonly string[]): string =>
  [analysisId, ...[...visible].sort()].join("\u0000");

/** Identifies the approved version and every live document's exact state. */
function digestOf(versionId: string, states: AnalysisStates): string {
  const hash = createHash("sha256").update(versionId);
  for (const [name, updates] of states.documents) {
    hash.update(`\u0000${name}\u0000${updates.length}`);
    for (const update of updates) hash.update(`\u0000${update.byteLength}\u0000`).update(update);
  }
  return hash.digest("hex");
}
