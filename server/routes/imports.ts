/**
 * REST: import a file (our JSON export or a PARC ACH `.achz`). `POST /imports/preview` validates and
 * describes it; `POST /imports` creates the analysis, owned by the importer, atomically. The file
 * is read and the analysis built in a worker thread (server/workers/writeTasks.ts); this thread
 * only stores the documents. The raw body is capped by MAX_IMPORT_BYTES (default 20 MiB) and decompression by MAX_IMPORT_EXPANDED_BYTES.
 */
import express, { type RequestHandler, Router } from "express";
import { importedSchema } from "../../shared/api/analyses";
import { AppError } from "../../shared/errors";
import { Limits } from "../../shared/limits";
import { newId } from "../../shared/schema/ids";
import { authorize } from "../auth/policy";
import { importAnalysis, takenTitles, uploadedFileName } from "../commands/importAnalysis";
import { bodyBytes } from "../http/rawBody";
import { sendBytes } from "../http/sendBytes";
import { sendJson } from "../http/sendJson";
import type { AccountStore } from "../store/AccountStore";
import type { ActivityStore } from "../store/ActivityStore";
import type { HeavyWork } from "../workers/HeavyWork";
import { type BuiltMeta, bundleMap, runWriteTask } from "../workers/writeTasks";
import type { AnalysesRouteDeps } from "./analyses";

export interface ImportsRouteDeps extends AnalysesRouteDeps {
  /** Also records the import in the activity feed. */
  readonly store: AnalysesRouteDeps["store"] & Pick<ActivityStore, "appendActivity">;
  /** Overrides MAX_IMPORT_BYTES (tests). */
  readonly maxImportBytes?: number;
  /** Overrides MAX_IMPORT_EXPANDED_BYTES (tests). */
  readonly maxExpandedBytes?: number;
  /** The importer's analyses, so a copy's title does not repeat one of theirs (default: every analysis). */
  readonly memberships?: Pick<AccountStore, "listMemberships">;
  /** Worker threads: reading, converting and building a file grows with its size. */
  readonly work: HeavyWork;
  /** The importer's account name, which the comments of their copy show (default: none). */
  readonly actorName?: (req: express.Request) => string;
}

function envBytes(name: string, fallback: number): number {
  const raw = process.env[name];
  const n = raw === undefined || raw === "" ? fallback : Number(raw);
  if (!Number.isInteger(n) || n < 1024)
    throw new Error(`Invalid configuration: ${name} must be an integer ≥ 1024`);
  return n;
}

const mib = (n: number): string => `${Math.round((n / 1048576) * 10) / 10} MiB`;

export function importsRouter(deps: ImportsRouteDeps): Router {
  const { store, actorOf, work } = deps;
  const maxBytes = deps.maxImportBytes ?? envBytes("MAX_IMPORT_BYTES", Limits.maxJsonBodyBytes);
  const maxExpanded = deps.maxExpandedBytes ?? envBytes("MAX_IMPORT_EXPANDED_BYTES", 4 * maxBytes);
  const raw = express.raw({ type: () => true, limit: maxBytes });
  const body: RequestHandler = (req, res, next) => {
    raw(req, res, (err?: unknown) => {
      const e = err as { type?: string } | undefined;
      if (e?.type === "entity.too.large")
        next(new AppError("payload_too_large", `the file is larger than the ${mib(maxBytes)} import limit`));
      else next(err);
    });
  };
  const task = async (req: express.Request, preview: boolean) => {
    const bytes = bodyBytes(req);
    if (!bytes) throw new AppError("bad_request", "send the file as the request body");
    const actor = actorOf(req);
    return {
      kind: "importFile" as const,
      bytes,
      preview,
      analysisId: newId("a"),
      actor,
      actorName: deps.actorName?.(req) ?? "",
      takenTitles: preview ? [] : await takenTitles({ store, memberships: deps.memberships }, actor.userId),
      maxDecompressedBytes: maxExpanded,
    };
  };

  const router = Router();
  router.post("/imports/preview", authorize("imports.create"), body, async (req, res) => {
    sendBytes(res, "application/json", (await runWriteTask(work, await task(req, true))).bytes);
  });
  router.post("/imports", authorize("imports.create"), body, async (req, res) => {
    const input = await task(req, false);
    const done = await runWriteTask(work, input);
    const { title, warnings } = JSON.parse(done.meta ?? "{}") as BuiltMeta;
    const record = await importAnalysis(
      { store, memberships: deps.memberships },
      { id: input.analysisId, title },
      bundleMap(done.bytes),
      input.actor,
      uploadedFileName(req.get("x-ach-filename")),
    );
    sendJson(res, importedSchema, { ...record, warnings }, 201);
  });
  return router;
}
