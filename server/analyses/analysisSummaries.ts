/**
 * Query: what the analyses list shows of each analysis beyond its registry row: matrix size, the
 * caller's rating progress, approval state, team and the last edit.
 *
 * Reading Yjs documents and diffing against the approved version (in a worker thread) are the
 * costly parts, so those results are cached per analysis and recomputed only when the registry's `updatedAt` moves (every
 * persisted edit moves it, at most one toucher interval late). Team and last edit are small SQL
 * reads done per request, so membership changes show at once.
 */

import type { Role } from "../../shared/accounts";
import { userColor } from "../../shared/accounts";
import { contentDocName, leadDocName, ratingsDocName } from "../../shared/documentNames";
import { listEvidence, listHypotheses } from "../../shared/schema/contentDoc";
import { cellKey } from "../../shared/schema/ids";
import { readApprovals } from "../../shared/schema/leadDoc";
import { readRatings } from "../../shared/schema/ratingsDoc";
import type { AccountStore } from "../store/AccountStore";
import type { ActivityStore } from "../store/ActivityStore";
import type { AnalysisRecord } from "../store/DocumentStore";
import type { VersionStore } from "../store/VersionStore";
import type { AnalysisDocuments } from "./AnalysisDocuments";
import type { ApprovalStatuses } from "./ApprovalStatuses";
import { remember } from "./boundedCache";

/** "changed" = approved, but the analysis moved on since the latest approval. */
export type ApprovalState = "approved" | "changed" | "draft";

export interface TeamMember {
  readonly userId: string;
  readonly name: string;
  readonly color: string;
  readonly role: Role;
}

export interface AnalysisSummary {
  readonly hypotheses: number;
  readonly evidence: number;
  /** Cells (active evidence × active hypotheses) the caller has rated. */
  readonly myRated: number;
  readonly approval: ApprovalState;
  readonly team: readonly TeamMember[];
  readonly lastEditedBy: string | null;
  readonly lastEditedAt: string | null;
}

export interface AnalysisSummariesDeps {
  readonly docs: AnalysisDocuments;
  readonly accounts: Pick<AccountStore, "listMembers" | "listUsers">;
  readonly versions: VersionStore;
  /** The newest entry names the last editor; without one the last edit is the registry's `updatedAt`. */
  readonly activity: Pick<ActivityStore, "listActivity">;
  /** "Changed since approval", shared with the status route (computed once per state). */
  readonly approvals: ApprovalStatuses;
}

interface DocPart {
  readonly stamp: string;
  readonly hypotheses: readonly string[];
  readonly evidence: readonly string[];
  readonly approval: ApprovalState;
}

export class AnalysisSummaries {
  private readonly docParts = new Map<string, DocPart>();
  private readonly myRated = new Map<string, { readonly stamp: string; readonly count: number }>();

  constructor(private readonly deps: AnalysisSummariesDeps) {}

  /** Summaries of `records` as `userId` sees them, in the same order. */
  async summarize(records: readonly AnalysisRecord[], userId: string): Promise<AnalysisSummary[]> {
    const users = new Map((await this.deps.accounts.listUsers()).map((u) => [u.id, u]));
    const out: AnalysisSummary[] = [];
    for (const record of records) {
      const part = await this.docPart(record);
      const team = (await this.deps.accounts.listMembers(record.id)).flatMap((m) => {
        const user = users.get(m.userId);
        return user && !user.disabled
          ? [{ userId: m.userId, name: user.name, color: userColor(m.userId), role: m.role }]
          : [];
      });
      const last = (await this.deps.activity.listActivity(record.id, { limit: 1 }))[0];
      out.push({
        hypotheses: part.hypotheses.length,
        evidence: part.evidence.length,
        myRated: await this.countMine(record, part, userId),
        approval: part.approval,
        team,
        // REST edits carry only the user id; live edits the name they were made under.
        lastEditedBy: last?.userName ?? (last?.userId ? (users.get(last.userId)?.name ?? null) : null),
        lastEditedAt: last?.at ?? record.updatedAt,
      });
    }
    return out;
  }

  private async docPart(record: AnalysisRecord): Promise<DocPart> {
    const cached = this.docParts.get(record.id);
    if (cached?.stamp === record.updatedAt) return cached;
    const content = await this.deps.docs.readDocument(contentDocName(record.id));
    const lead = await this.deps.docs.readDocument(leadDocName(record.id));
    try {
      const approved = readApprovals(lead).length > 0;
      let approval: ApprovalState = "draft";
      if (approved) {
        const status = await this.deps.approvals.status(this.deps.docs, this.deps.versions, record.id);
        approval = status.changesSince ? "changed" : "approved";
      }
      const part: DocPart = {
        stamp: record.updatedAt,
        hypotheses: listHypotheses(content).map((h) => h.id),
        evidence: listEvidence(content).map((e) => e.id),
        approval,
      };
      remember(this.docParts, record.id, part);
      return part;
    } finally {
      content.destroy();
      lead.destroy();
    }
  }

  private async countMine(record: AnalysisRecord, part: DocPart, userId: string): Promise<number> {
    const key = `${record.id}\u0000${userId}`;
    const cached = this.myRated.get(key);
    if (cached?.stamp === record.updatedAt) return cached.count;
    const doc = await this.deps.docs.readDocument(ratingsDocName(record.id, userId));
    try {
      const mine = readRatings(doc);
      let count = 0;
      for (const e of part.evidence) for (const h of part.hypotheses) if (cellKey(e, h) in mine) count++;
      remember(this.myRated, key, { stamp: record.updatedAt, count });
      return count;
    } finally {
      doc.destroy();
    }
  }
}
