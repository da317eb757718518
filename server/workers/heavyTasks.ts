/**
 * The CPU-heavy work of the server, as plain functions of serialisable input: building the JSON
 * view with its scores, rendering exports and folding a document's log for compaction. They run in
 * worker threads (heavyWorker.mjs → HeavyWork) so the sync thread only applies, stores and relays;
 * tests may call them directly. Input documents arrive as Yjs updates, never as Y.Docs.
 */
import { PassThrough } from "node:stream";
import type * as Y from "yjs";
import type { AttachmentRecord } from "../../shared/attachments";
import { AppError, type ErrorCode } from "../../shared/errors";
import type { AnalysisJson } from "../../shared/schema/analysisJson";
import { type AccountNames, nameRaterRecords, nameRaters } from "../../shared/schema/raterNames";
import type { ScoringInputOptions } from "../../shared/scoring";
import { scoreAnalysis, scoresToJson } from "../../shared/scoring";
import { changesSince } from "../analyses/analysisVersions";
import { remember } from "../analyses/boundedCache";
import { analysisOfDocuments, rawRatingsOf, readAnalysis } from "../analyses/readAnalysis";
import { renderCsv } from "../export/csvExport";
import { parseExportOptions } from "../export/exportOptions";
import { buildExportView } from "../export/exportView";
import { renderAnalysisPdf } from "../export/pdf/renderAnalysisPdf";
import { type ExtractFormat, extractParagraphs } from "../extract/extractText";
import { analysisDiff, versionAnalysisView } from "../history/historyViews";
import type { VersionRecord } from "../store/VersionStore";
import { type AnalysisStates, statesDocuments } from "./analysisStates";
import { foldUpdates } from "./foldUpdates";
import { KeptDocuments } from "./KeptDocuments";
import { type WriteTask, writeTask } from "./writeTasks";

export type HeavyTask =
  | {
      /** `GET /api/analyses/:id`: the JSON view with live scores, as JSON text. */
      readonly kind: "analysisView";
      readonly states: AnalysisStates;
      readonly scoring: ScoringInputOptions;
      /** Raters' account names by user id: they, not stored names, label ratings (nameRaters). */
      readonly accountNames: AccountNames;
    }
  | {
      readonly kind: "export";
      readonly format: "json" | "csv" | "pdf";
      readonly states: AnalysisStates;
      readonly scoring: ScoringInputOptions;
      /** The request's query string (`view`, `archived`, `paper`…), validated here against the analysis. */
      readonly query: Readonly<Record<string, unknown>>;
      readonly changesSinceApproval: number | null;
      readonly pdfMeta: { readonly generatedAt: string; readonly version: string };
      /** Metadata of the analysis's attachments (JSON view and the PDF's Sources appendix). */
      readonly attachments: readonly AttachmentRecord[];
      /** Raters' account names by user id: they, not stored names, label ratings (nameRaters). */
      readonly accountNames: AccountNames;
    }
  | {
      /** `GET /:id/versions/:vid`: the version's record and its JSON view with its scores then, as JSON text. */
      readonly kind: "versionView";
      readonly version: VersionRecord;
      readonly states: AnalysisStates;
      readonly scoring: ScoringInputOptions;
    }
  | {
      /** The diff of two states of an analysis with labels and scores (`GET /:id/diff`), as JSON text. */
      readonly kind: "diff";
      /** The refs compared ("current" or version ids), echoed in the answer. */
      readonly from: string;
      readonly to: string;
      readonly before: AnalysisStates;
      readonly after: AnalysisStates;
      readonly scoring: ScoringInputOptions;
      /** Members' account names by user id, to name the owners of changed ratings. */
      readonly accountNames: Readonly<Record<string, string>>;
    }
  | {
      /** `ApprovalStatuses`: what changed from the approved version to now, as JSON text. */
      readonly kind: "changesSince";
      readonly approved: AnalysisStates;
      readonly now: AnalysisStates;
    }
  | {
      /** `POST /:id/extract-text`: a PDF's or HTML page's paragraphs, as JSON `{ paragraphs }`. */
      readonly kind: "extractText";
      readonly format: ExtractFormat;
      readonly bytes: Uint8Array;
    }
  | {
      /** Compaction: the document's stored snapshot and log folded into one update. */
      readonly kind: "fold";
      readonly updates: readonly Uint8Array[];
    }
  | WriteTask;

/**
 * What a task returns: the body as bytes, UTF-8 for text (encoded here, so the sync thread neither
 * copies nor re-encodes a big string), and for an export the analysis's title (the file name); or
 * an AppError as data (class identity does not cross threads).
 */
export type HeavyResult =
  | {
      readonly ok: true;
      readonly bytes: Uint8Array;
      readonly title?: string;
      /** Small JSON beside a binary body (writeTasks.ts: a built analysis's title, a restore's diff). */
      readonly meta?: string;
    }
  | { readonly ok: false; readonly code: ErrorCode; readonly message: string };

async function renderPdfBytes(
  task: Extract<HeavyTask, { kind: "export" }>,
  view: Parameters<typeof renderAnalysisPdf>[0],
) {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on("data", (chunk: Buffer) => chunks.push(chunk));
  await renderAnalysisPdf(view, task.pdfMeta, out);
  return new Uint8Array(Buffer.concat(chunks));
}

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
const json = (value: unknown): HeavyResult => ({ ok: true, bytes: utf8(JSON.stringify(value)) });
/**
 * Versions never change: their JSON views are kept per worker (least recently used out), keyed by
 * the version and the documents read, so comparing with a version reads it once, as before the
 * move to workers. Live documents are kept too (KeptDocuments: only rows added since are applied),
 * and their view while none of them changed.
 */
const versionViews = new Map<string, AnalysisJson>();
const VERSION_VIEWS_KEPT = 16;
// 16 MiB of stored rows (their Y.Docs take several times that, within the worker's heap cap).
const liveDocuments = new KeptDocuments(16 * 1024 * 1024);
const liveViews = new Map<string, AnalysisJson>();
const LIVE_VIEWS_KEPT = 8;

/** The live documents of `states`, built or brought up to date, and a key naming their states. */
function liveDocumentsOf(states: AnalysisStates): { documents: Map<string, Y.Doc>; key: string } {
  const documents = new Map<string, Y.Doc>();
  let key = states.analysisId;
  for (const [name, rows] of states.documents) {
    const { doc, generation } = liveDocuments.read(name, rows);
    documents.set(name, doc);
    key += `\n${name}@${generation}`;
  }
  return { documents, key };
}

function readLive(states: AnalysisStates, documents: ReadonlyMap<string, Y.Doc>, key: string): AnalysisJson {
  const view = liveViews.get(key) ?? analysisOfDocuments(states.analysisId, documents);
  remember(liveViews, key, view, LIVE_VIEWS_KEPT);
  return view;
}

async function readStates(states: AnalysisStates): Promise<AnalysisJson> {
  if (states.versionId === undefined) {
    const { documents, key } = liveDocumentsOf(states);
    return readLive(states, documents, key);
  }
  const key = `${states.versionId}\n${states.documents.map(([name]) => name).join("\n")}`;
  const view = versionViews.get(key) ?? (await readAnalysis(statesDocuments(states), states.analysisId));
  remember(versionViews, key, view, VERSION_VIEWS_KEPT);
  return view;
}

async function runExport(task: Extract<HeavyTask, { kind: "export" }>): Promise<HeavyResult> {
  // Attachments are not in the documents (kept views stay document-only); they join here.
  const analysis: AnalysisJson = {
    ...nameRaters(await readStates(task.states), task.accountNames),
    attachments: task.attachments,
  };
  const title = analysis.title;
  if (task.format === "json")
    return { ok: true, bytes: utf8(`${JSON.stringify(analysis, null, 2)}\n`), title };
  const scores = scoreAnalysis(analysis, task.scoring);
  // An analyst view may show only someone whose ratings count (the one rule of teamScoring).
  const options = parseExportOptions(
    task.query,
    analysis,
    scores.report.analysts.map((a) => a.userId),
  );
  const view = buildExportView(analysis, scores, options, {
    changesSinceApproval: task.changesSinceApproval,
  });
  if (task.format === "csv") return { ok: true, bytes: utf8(renderCsv(view)), title };
  return { ok: true, bytes: await renderPdfBytes(task, view), title };
}

async function run(task: HeavyTask): Promise<HeavyResult> {
  switch (task.kind) {
    case "analysisView": {
      const { documents, key } = liveDocumentsOf(task.states);
      const view = nameRaters(readLive(task.states, documents, key), task.accountNames);
      const ratings = nameRaterRecords(rawRatingsOf(documents), task.accountNames);
      const scores = scoreAnalysis({ ...view, ratings }, task.scoring);
      return json({ ...view, scores: scoresToJson(scores) });
    }
    case "export":
      return runExport(task);
    case "versionView": {
      const analysis = await readStates(task.states);
      return json({ version: task.version, analysis: versionAnalysisView(analysis, task.scoring) });
    }
    case "diff": {
      const [a, b] = await Promise.all([readStates(task.before), readStates(task.after)]);
      return json({ from: task.from, to: task.to, ...analysisDiff(a, b, task.scoring, task.accountNames) });
    }
    case "changesSince":
      return json(await changesSince(task.approved, task.now));
    case "extractText":
      return json({ paragraphs: await extractParagraphs(task.format, task.bytes) });
    case "fold":
      return { ok: true, bytes: foldUpdates(task.updates) };
    case "createAnalysis":
    case "importFile":
    case "restore":
      return writeTask(task);
  }
}

/** The worker's entry (piscina calls it once per task). */
export async function runHeavyTask(task: HeavyTask): Promise<HeavyResult> {
  try {
    return await run(task);
  } catch (error) {
    if (error instanceof AppError) {
      return { ok: false, code: error.code, message: error.message };
    }
    throw error;
  }
}
