/** REST for analyses: list, create (blank or from the JSON view), read the JSON view, rename, archive. */
import express, { type Request, Router } from "express";
import { z } from "zod";
import { analysisRecordSchema, importedSchema, ratersSchema } from "../../shared/api/analyses";
import { DOCUMENT_BUNDLE_TYPE, encodeDocumentBundle } from "../../shared/documentBundle";
import { parseDocumentName } from "../../shared/documentNames";
import { AppError } from "../../shared/errors";
import { Limits } from "../../shared/limits";
import type { Actor } from "../../shared/schema/collection";
import { questionSchema, titleSchema } from "../../shared/schema/fields";
import { newId } from "../../shared/schema/ids";
import { raterDisplayName } from "../../shared/schema/raterNames";
import { readRaterName } from "../../shared/schema/ratingsDoc";
import { parseOrThrow } from "../../shared/schema/validate";
import type { AnalysisDocuments } from "../analyses/AnalysisDocuments";
import type { AnalysisSummaries } from "../analyses/analysisSummaries";
import { raterAccountNames } from "../analyses/raterAccounts";
import { teamScoringOptions } from "../analyses/teamScoring";
import { type Action, authorize } from "../auth/policy";
import { storeAnalysis } from "../commands/createAnalysis";
import { editAnalysis } from "../commands/editAnalysis";
import { analysisDocumentNames } from "../history/versions";
import { bodyBytes } from "../http/rawBody";
import { sendBytes } from "../http/sendBytes";
import { sendJson } from "../http/sendJson";
import type { AccountStore } from "../store/AccountStore";
import type { AnalysisRecord, DocumentStore } from "../store/DocumentStore";
import { liveStates } from "../workers/analysisStates";
import type { HeavyWork } from "../workers/HeavyWork";
import { type BuiltMeta, bundleMap, runWriteTask } from "../workers/writeTasks";

export interface AnalysesRouteDeps {
  readonly store: DocumentStore;
  readonly docs: AnalysisDocuments;
  /** Who makes the request (the accounts layer supplies it). */
  readonly actorOf: (req: Request) => Actor;
}

export interface AnalysesRouterOptions extends AnalysesRouteDeps {
  /** Memberships decide which analyses the list shows (access to one analysis is checked before the router). */
  readonly memberships: Pick<AccountStore, "listMemberships" | "listMembers" | "getUser">;
  /** Adds counts, progress, approval, team and last edit to each listed analysis; omitted: bare rows. */
  readonly summaries?: AnalysisSummaries;
  readonly work: HeavyWork;
  /** The largest JSON body `POST /` reads (default `Limits.maxJsonBodyBytes`, the app's MAX_JSON_BYTES). */
  readonly maxJsonBytes?: number;
}

const patchSchema = z
  .object({
    title: titleSchema.optional(),
    question: questionSchema.optional(),
    classification: questionSchema.optional(),
    archived: z.boolean().optional(),
  })
  .strict()
  .refine((p) => Object.keys(p).length > 0, "give at least one of title, question, classification, archived");

/** Archiving (or un-archiving) is the lead's; other metadata edits are any writer's. */
const editOrArchive = (req: Request): Action => {
  const body: unknown = req.body;
  return typeof body === "object" && body !== null && "archived" in body
    ? "analysis.archive"
    : "analysis.edit";
};

export function analysesRouter({
  store,
  docs,
  actorOf,
  memberships,
  summaries,
  work,
  maxJsonBytes = Limits.maxJsonBodyBytes,
}: AnalysesRouterOptions): Router {
  const router = Router();

  const requireAnalysis = async (id: string): Promise<AnalysisRecord> => {
    const record = await store.getAnalysis(id);
    if (!record) throw new AppError("not_found", "analysis not found");
    return record;
  };

  /** Only the analyses the caller is a member of, each with the caller's role (and its summary). */
  router.get("/", authorize("analyses.list"), async (req, res) => {
    const { userId } = actorOf(req);
    const roles = new Map((await memberships.listMemberships(userId)).map((m) => [m.analysisId, m.role]));
    const mine = (await store.listAnalyses()).filter((record) => roles.has(record.id));
    const extra = summaries ? await summaries.summarize(mine, userId) : [];
    const analyses = mine.map((record, i) => ({ ...record, role: roles.get(record.id), ...extra[i] }));
    // Summaries are optional (bare rows in tests of this router alone), so this answer is typed loosely.
    res.json({ analyses });
  });

  /**
   * A blank analysis (`{ title, question? }`) or one from the full JSON view. The body is read raw
   * (the app-wide JSON parser skips this route) and, when big, parsed, built and validated in a
   * worker thread; this thread stores the documents.
   */
  const json = express.raw({ type: "application/json", limit: maxJsonBytes });
  router.post("/", authorize("analyses.create"), json, async (req, res) => {
    // A body of another type would otherwise read as "no body" and fail on a missing title.
    if (req.is("application/json") === false) {
      throw new AppError(
        "unsupported_media_type",
        "send the analysis as JSON (Content-Type: application/json)",
      );
    }
    const actor = actorOf(req);
    const analysisId = newId("a");
    const done = await runWriteTask(work, {
      kind: "createAnalysis",
      body: bodyBytes(req),
      analysisId,
      actor,
      actorName: (await memberships.getUser(actor.userId))?.name ?? "",
    });
    const { title, warnings } = JSON.parse(done.meta ?? "{}") as BuiltMeta;
    const documents = bundleMap(done.bytes);
    const record = await storeAnalysis(store, { id: analysisId, title }, documents, actor, {
      creatorIsLead: true,
    });
    sendJson(res, importedSchema, { ...record, warnings }, 201);
  });

  /** The JSON view with live scores, diagnosticity, disagreement and linchpins (built in a worker thread). */
  router.get("/:id", authorize("analysis.read"), async (req, res) => {
    const { id } = req.params;
    await requireAnalysis(id);
    const [states, scoring] = await Promise.all([liveStates(docs, id), teamScoringOptions(memberships, id)]);
    const accountNames = await raterAccountNames(
      memberships,
      states.documents.map(([name]) => name),
    );
    sendBytes(
      res,
      "application/json",
      await work.runBytes(
        { kind: "analysisView", states, scoring, accountNames },
        { requester: actorOf(req).userId },
      ),
    );
  });

  /**
   * Every document of the analysis the caller may read — content, lead, and the ratings documents
   * `docs` lists for them (the blind rule of sync, `canSeeOthersRatings`, applied by
   * `visibleDocuments`) — each as its Yjs state, in one binary body (shared/documentBundle.ts).
   * Pages apply it before their sync connections open, so the team's matrix paints after one
   * request. States come from the store like the JSON view's: a lone snapshot as stored, a log
   * folded in a worker thread; what runs here is copying bytes into the body.
   */
  router.get("/:id/documents", authorize("analysis.read"), async (req, res) => {
    const { id } = req.params;
    await requireAnalysis(id);
    const names = await analysisDocumentNames(docs, id);
    const states = await Promise.all(names.map((name) => docs.readState(name)));
    const body = encodeDocumentBundle(names.map((name, i) => ({ name, state: states[i] as Uint8Array })));
    res.setHeader("Cache-Control", "no-store");
    sendBytes(res, DOCUMENT_BUNDLE_TYPE, body);
  });

  /** Imported raters without an account keep the name their ratings document carries. */
  const raterNameOf = async (docName: string): Promise<string> => {
    const doc = await docs.readDocument(docName);
    try {
      return readRaterName(doc);
    } finally {
      doc.destroy();
    }
  };

  /**
   * Whose ratings documents exist (and the caller may see, blind mode applied), with account
   * names: the light query clients use to open team ratings without loading any document.
   */
  router.get("/:id/raters", authorize("analysis.read"), async (req, res) => {
    await requireAnalysis(req.params.id);
    const raters = [];
    for (const docName of await docs.listDocuments(`${req.params.id}/ratings/`)) {
      const name = parseDocumentName(docName);
      if (name.kind !== "ratings") continue;
      const user = await memberships.getUser(name.userId);
      const stored = user ? "" : await raterNameOf(docName);
      raters.push({ userId: name.userId, name: raterDisplayName(name.userId, user?.name, stored) });
    }
    sendJson(res, ratersSchema, { raters });
  });

  router.patch("/:id", authorize(editOrArchive), async (req, res) => {
    const { id } = req.params;
    await requireAnalysis(id);
    const patch = parseOrThrow(patchSchema, req.body, "body");
    sendJson(res, analysisRecordSchema, await editAnalysis({ store, docs }, id, patch, actorOf(req)));
  });

  /** Archive, never destroy: an analysis can be restored with PATCH {archived:false}. */
  router.delete("/:id", authorize("analysis.archive"), async (req, res) => {
    await requireAnalysis(req.params.id);
    await store.updateAnalysis(req.params.id, { archived: true });
    sendJson(res, analysisRecordSchema, await requireAnalysis(req.params.id));
  });

  return router;
}
