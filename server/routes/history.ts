/**
 * REST for history under `/api/analyses/:id`: the activity feed, versions (list, create, view),
 * the diff of two versions (or a version and now) with scores before and after, and restore.
 * Membership is checked by the analysis access middleware in front of this router; each route
 * declares its policy (restore needs a lead).
 */
import { type Request, Router } from "express";
import { z } from "zod";
import type { Role } from "../../shared/accounts";
import { activitySchema, restoredSchema, versionSchema, versionsSchema } from "../../shared/api/history";
import { contentDocName, leadDocName } from "../../shared/documentNames";
import { AppError } from "../../shared/errors";
import {
  ACTIVITY_KINDS,
  type ActivityEntry,
  type ActivityLabels,
  activityLabelsOf,
  activityText,
} from "../../shared/history/activity";
import type { Actor } from "../../shared/schema/collection";
import { listEvidence, listHypotheses, listMilestones } from "../../shared/schema/contentDoc";
import { titleSchema } from "../../shared/schema/fields";
import { readLeadSettings } from "../../shared/schema/leadDoc";
import { listSources } from "../../shared/schema/sources";
import { parseOrThrow } from "../../shared/schema/validate";
import type { AnalysisDocuments } from "../analyses/AnalysisDocuments";
import { type MemberDirectory, teamScoringOptions } from "../analyses/teamScoring";
import { authorize } from "../auth/policy";
import { decodeRestorePlan, type RestoreScope } from "../commands/restoreVersion";
import type { History } from "../history/History";
import { type VersionLimitOptions, VersionLimits } from "../history/versionLimits";
import { requireVersion } from "../history/versions";
import { sendBytes } from "../http/sendBytes";
import { sendJson } from "../http/sendJson";
import type { ActivityStore } from "../store/ActivityStore";
import type { DocumentStore } from "../store/DocumentStore";
import type { VersionStore } from "../store/VersionStore";
import { type AnalysisStates, liveStates, onlyRatingsOf, versionStates } from "../workers/analysisStates";
import type { HeavyWork } from "../workers/HeavyWork";

export interface HistoryRouteDeps {
  readonly store: Pick<DocumentStore, "getAnalysis"> & MemberDirectory & VersionStore & ActivityStore;
  readonly history: History;
  /** Unfiltered documents (labels for the feed, the current side of a diff). */
  readonly docs: AnalysisDocuments;
  readonly actorOf: (req: Request) => Actor & { readonly userName?: string | null };
  /** The caller's role in the analysis (null: no accounts, everyone may do everything). */
  readonly roleOf: (req: Request) => Role | null;
  /** Display name of a user id (server edits carry only the id). */
  readonly userName?: (userId: string) => Promise<string | null>;
  /** Worker threads: version views and diffs read whole analyses. */
  readonly work: HeavyWork;
  /** Rate and count limits on saving named versions (defaults in versionLimits.ts). */
  readonly versionLimits?: VersionLimitOptions;
}

const activityQuerySchema = z.object({
  user: z.string().max(64).optional(),
  kind: z.enum(ACTIVITY_KINDS).optional(),
  before: z.string().max(40).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

const versionBodySchema = z.object({ name: titleSchema }).strict();

const scopeSchema = z.union([
  z.literal("analysis"),
  z.object({ evidenceId: z.string().min(1).max(64) }).strict(),
  z.object({ hypothesisId: z.string().min(1).max(64) }).strict(),
]);
const restoreBodySchema = z
  .object({
    versionId: z.string().min(1).max(64),
    scope: scopeSchema.default("analysis"),
    dryRun: z.boolean().default(false),
  })
  .strict();

const toScope = (scope: z.infer<typeof scopeSchema>): RestoreScope =>
  scope === "analysis"
    ? { kind: "analysis" }
    : "evidenceId" in scope
      ? { kind: "evidence", id: scope.evidenceId }
      : { kind: "hypothesis", id: scope.hypothesisId };

export function historyRouter(deps: HistoryRouteDeps): Router {
  const { store, history, docs, work } = deps;
  const router = Router();
  const limits = new VersionLimits(deps.versionLimits);

  const requireAnalysis = async (id: string): Promise<void> => {
    if (!(await store.getAnalysis(id))) throw new AppError("not_found", "analysis not found");
  };

  const isBlind = async (analysisId: string): Promise<boolean> => {
    const lead = await docs.readDocument(leadDocName(analysisId));
    try {
      return readLeadSettings(lead).blind;
    } finally {
      lead.destroy();
    }
  };

  /** While ratings are blind, a non-lead sees only their own ratings, in versions and diffs alike. */
  const ratingsFilter = async (req: Request, analysisId: string) => {
    const role = deps.roleOf(req);
    if (role === null || role === "lead" || !(await isBlind(analysisId))) return null;
    return deps.actorOf(req).userId;
  };

  /** Only `onlyUser`'s ratings document, when set. */
  const keepRatings = (states: AnalysisStates, onlyUser: string | null): AnalysisStates =>
    onlyUser === null ? states : onlyRatingsOf(states, onlyUser);

  /** The documents of `ref` ("current" or a version id of this analysis). */
  const statesOf = async (
    analysisId: string,
    ref: string,
    onlyUser: string | null,
  ): Promise<AnalysisStates> =>
    keepRatings(
      ref === "current"
        ? await liveStates(docs, analysisId)
        : versionStates(await requireVersion(store, analysisId, ref), null),
      onlyUser,
    );

  /** Members' account names by user id: who owns a changed rating, in words. */
  const accountNames = async (analysisId: string): Promise<Record<string, string>> => {
    const members = await store.listMembers(analysisId);
    const names = await Promise.all(members.map(async (m) => (await deps.userName?.(m.userId)) ?? ""));
    return Object.fromEntries(members.map((m, i) => [m.userId, names[i] ?? ""]));
  };

  router.get("/:id/activity", authorize("history.read"), async (req, res) => {
    const { id } = req.params;
    await requireAnalysis(id);
    const q = parseOrThrow(activityQuerySchema, req.query, "query");
    const before =
      q.before === undefined
        ? {}
        : /^\d+$/.test(q.before)
          ? { beforeId: Number(q.before) }
          : { beforeAt: q.before };
    const entries = await store.listActivity(id, {
      limit: q.limit,
      ...(q.user !== undefined ? { userId: q.user } : {}),
      ...(q.kind !== undefined ? { kind: q.kind } : {}),
      ...before,
    });
    const onlyUser = await ratingsFilter(req, id);
    const shown = entries.filter((e) => onlyUser === null || e.kind !== "rating" || e.userId === onlyUser);
    // Labels from the current content: rows renumbered since still read as the matrix shows them.
    const content = await docs.readDocument(contentDocName(id));
    let labels: ActivityLabels;
    try {
      labels = {
        ...activityLabelsOf({
          evidence: listEvidence(content, { includeArchived: true }),
          hypotheses: listHypotheses(content, { includeArchived: true }),
          milestones: listMilestones(content, { includeArchived: true }),
          sources: listSources(content, { includeArchived: true }),
        }),
        versions: new Map((await store.listVersions(id)).map((v) => [v.id, v.name])),
      };
    } finally {
      content.destroy();
    }
    const names = new Map<string, string | null>();
    const nameOf = async (entry: ActivityEntry): Promise<string> => {
      if (entry.userName) return entry.userName;
      if (entry.userId === null) return "The server";
      if (!names.has(entry.userId)) names.set(entry.userId, (await deps.userName?.(entry.userId)) ?? null);
      return names.get(entry.userId) ?? entry.userId;
    };
    const out = [];
    for (const entry of shown) {
      const userName = await nameOf(entry);
      out.push({ ...entry, userName, text: activityText(entry, userName, labels) });
    }
    const last = entries[entries.length - 1];
    sendJson(res, activitySchema, {
      entries: out,
      next: entries.length === q.limit && last ? String(last.id) : null,
    });
  });

  router.get("/:id/versions", authorize("history.read"), async (req, res) => {
    await requireAnalysis(req.params.id);
    const versions = await store.listVersions(req.params.id);
    const names = new Map<string, string | null>();
    for (const userId of new Set(versions.map((v) => v.createdBy))) {
      if (userId !== null) names.set(userId, (await deps.userName?.(userId)) ?? null);
    }
    sendJson(res, versionsSchema, {
      versions: versions.map((v) => ({
        ...v,
        createdByName: v.createdBy === null ? null : (names.get(v.createdBy) ?? null),
      })),
    });
  });

  router.post("/:id/versions", authorize("versions.create"), async (req, res) => {
    const { id } = req.params;
    await requireAnalysis(id);
    const { name } = parseOrThrow(versionBodySchema, req.body, "body");
    const actor = deps.actorOf(req);
    limits.takeSave(actor.userId);
    limits.checkRoom(await store.listVersions(id));
    const record = await history.saveVersion(id, {
      name,
      kind: "named",
      createdBy: actor.userId,
      createdByName: actor.userName ?? null,
    });
    sendJson(res, versionSchema, { ...record, createdByName: actor.userName ?? null }, 201);
  });

  /** A version as the JSON view, with its scores as they were then. */
  router.get("/:id/versions/:vid", authorize("history.read"), async (req, res) => {
    const { id, vid } = req.params;
    await requireAnalysis(id);
    const stored = await requireVersion(store, id, vid);
    const body = await work.runBytes(
      {
        kind: "versionView",
        version: stored.record,
        states: keepRatings(versionStates(stored, null), await ratingsFilter(req, id)),
        scoring: await teamScoringOptions(store, id),
      },
      { requester: deps.actorOf(req).userId },
    );
    sendBytes(res, "application/json", body);
  });

  router.get("/:id/diff", authorize("history.read"), async (req, res) => {
    const { id } = req.params;
    await requireAnalysis(id);
    const q = parseOrThrow(
      z.object({ from: z.string().min(1).max(64), to: z.string().min(1).max(64).default("current") }),
      req.query,
      "query",
    );
    const onlyUser = await ratingsFilter(req, id);
    const [before, after] = await Promise.all([statesOf(id, q.from, onlyUser), statesOf(id, q.to, onlyUser)]);
    const scoring = await teamScoringOptions(store, id);
    const names = await accountNames(id);
    sendBytes(
      res,
      "application/json",
      await work.runBytes(
        { kind: "diff", ...q, before, after, scoring, accountNames: names },
        { requester: deps.actorOf(req).userId },
      ),
    );
  });

  /** Lead only. `dryRun: true` answers the diff the restore would apply, without writing. */
  router.post("/:id/restore", authorize("versions.restore"), async (req, res) => {
    const { id } = req.params;
    await requireAnalysis(id);
    const body = parseOrThrow(restoreBodySchema, req.body, "body");
    const stored = await requireVersion(store, id, body.versionId);
    const actor = deps.actorOf(req);
    const scope = toScope(body.scope);
    const result = await history.restore(
      stored,
      scope,
      { userId: actor.userId, userName: actor.userName ?? null, dryRun: body.dryRun },
      // Unfiltered states: a restore writes every analyst's ratings.
      async () => {
        const task = { kind: "restore" as const, version: stored, scope, live: await liveStates(docs, id) };
        const done = await work.run(
          { ...task, accountNames: await accountNames(id) },
          { requester: actor.userId },
        );
        return decodeRestorePlan(done.bytes, done.meta ?? "{}");
      },
    );
    sendJson(res, restoredSchema, {
      restored: !body.dryRun && result.documents.length > 0,
      version: stored.record,
      documents: result.documents,
      diff: result.diff,
      safetyVersion: result.safetyVersion,
    });
  });

  return router;
}
