/**
 * The heavy half of the write paths that make whole documents: creating an analysis from a JSON
 * body, importing a file and planning a restore. Bytes in, bytes out: the upload (or the stored
 * states) arrive as bytes, the documents leave as one document bundle (shared/documentBundle.ts),
 * so neither thread structured-clones a big parsed object. The sync thread then only stores them
 * (`storeAnalysis`) or applies them to the rooms (`applyRestore`). Run by heavyTasks.ts in a worker
 * thread; small bodies run inline (`runWriteTask`), where a thread hop would cost more than the work.
 */
import { decodeDocumentBundle, encodeDocumentBundle } from "../../shared/documentBundle";
import type { ParsedAnalysisJson } from "../../shared/schema/analysisJson";
import type { Actor } from "../../shared/schema/collection";
import { ignoredFieldsWarning } from "../../shared/schema/ignoredFields";
import { importedCopy } from "../../shared/schema/importedCopy";
import { buildAnalysis } from "../commands/buildAnalysis";
import { parseCreateBody, parseJsonBody } from "../commands/createBody";
import { copyTitle } from "../commands/importAnalysis";
import { encodeRestorePlan, planRestore, type RestoreScope } from "../commands/restoreVersion";
import { readImportFile } from "../import/readImportFile";
import type { StoredVersion } from "../store/VersionStore";
import { type AnalysisStates, statesDocuments } from "./analysisStates";
import type { HeavyWork } from "./HeavyWork";
import type { HeavyResult } from "./heavyTasks";

export type WriteTask =
  | {
      /** `POST /api/analyses`: the JSON body's bytes (null: no JSON body) become the new analysis's documents. */
      readonly kind: "createAnalysis";
      readonly body: Uint8Array | null;
      readonly analysisId: string;
      readonly actor: Actor;
      /** The creator's account name, which the body's comments show ("" when unknown). */
      readonly actorName: string;
    }
  | {
      /** `POST /api/imports(/preview)`: an uploaded file read, converted, validated and (unless a preview) built. */
      readonly kind: "importFile";
      readonly bytes: Uint8Array;
      readonly preview: boolean;
      readonly analysisId: string;
      readonly actor: Actor;
      /** The importer's account name, which imported comments show ("" when unknown). */
      readonly actorName: string;
      /** Titles of the importer's analyses: the copy's title repeats none (`copyTitle`). */
      readonly takenTitles: readonly string[];
      readonly maxDecompressedBytes: number;
    }
  | {
      /** Restore: the dry run on copies of the live states; the updates that make it, the diff in words. */
      readonly kind: "restore";
      readonly live: AnalysisStates;
      readonly version: StoredVersion;
      readonly scope: RestoreScope;
      readonly accountNames: Readonly<Record<string, string>>;
    };

/** What `createAnalysis` and `importFile` answer in `meta` (an import preview answers it as its body). */
export interface BuiltMeta {
  /** The analysis's title (an import's, after `copyTitle`). */
  readonly title: string;
  /** An import's warnings (what the file held that the analysis cannot). */
  readonly warnings: readonly string[];
}

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

type Done = Extract<HeavyResult, { ok: true }>;

function built(
  json: ParsedAnalysisJson,
  task: { readonly analysisId: string; readonly actor: Actor },
  warnings: readonly string[],
): Done {
  const documents = buildAnalysis(json, task.actor, task.analysisId);
  const meta: BuiltMeta = { title: json.title, warnings };
  return {
    ok: true,
    bytes: encodeDocumentBundle([...documents].map(([name, state]) => ({ name, state }))),
    meta: JSON.stringify(meta),
  };
}

/** Runs a write task here; throws AppError (heavyTasks turns it into data). */
export async function writeTask(task: WriteTask): Promise<Done> {
  switch (task.kind) {
    case "createAnalysis": {
      const body = task.body === null ? undefined : parseJsonBody(task.body);
      const analysis = parseCreateBody(body);
      const ignored = ignoredFieldsWarning(body, analysis);
      // A full JSON body is an import by another door: the same attribution rule applies.
      const copy = importedCopy(analysis, { userId: task.actor.userId, name: task.actorName });
      return built(copy.analysis, task, [...(ignored ? [ignored] : []), ...copy.warnings]);
    }
    case "importFile": {
      const { analysis, preview } = await readImportFile(task.bytes, {
        maxDecompressedBytes: task.maxDecompressedBytes,
        userId: task.actor.userId,
        userName: "PARC ACH import",
      });
      // Comments re-attributed to the importer, approvals dropped (shared/schema/importedCopy.ts).
      const copy = importedCopy(analysis, { userId: task.actor.userId, name: task.actorName });
      const warnings = [...preview.warnings, ...copy.warnings];
      if (task.preview) return { ok: true, bytes: utf8(JSON.stringify({ ...preview, warnings })) };
      const title = copyTitle(analysis.title, new Set(task.takenTitles));
      return built({ ...copy.analysis, title }, task, warnings);
    }
    case "restore": {
      const plan = await planRestore(statesDocuments(task.live), task.version, task.scope, task.accountNames);
      return { ok: true, ...encodeRestorePlan(plan) };
    }
  }
}

/** Bodies up to this size are built on the calling thread: a worker hop (and its start) costs more. */
export const INLINE_MAX_BYTES = 64 * 1024;

/**
 * Runs a create or import task: inline when its input is small (bounded work), else in a worker
 * thread, the upload's bytes moved there rather than copied.
 */
export async function runWriteTask(
  work: HeavyWork,
  task: Extract<WriteTask, { kind: "createAnalysis" | "importFile" }>,
): Promise<Done> {
  const input = task.kind === "createAnalysis" ? task.body : task.bytes;
  if (input === null || input.byteLength <= INLINE_MAX_BYTES) return writeTask(task);
  return work.run(task, { transfer: [input], requester: task.actor.userId });
}

/** A built analysis's documents by name (views into `bundle`, no copy). */
export function bundleMap(bundle: Uint8Array): Map<string, Uint8Array> {
  return new Map(decodeDocumentBundle(bundle).map(({ name, state }) => [name, state]));
}
