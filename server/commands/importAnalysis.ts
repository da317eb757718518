/**
 * Command: an imported file becomes a new analysis of the importer. The file's approvals are
 * dropped (they pin versions that exist only where the file came from, and nobody approved this
 * copy), the title says "(copy)" when the importer already has an analysis of that title, and the
 * copy's history starts with "Imported from <file> by <user>".
 */
import { Limits } from "../../shared/limits";
import type { Actor } from "../../shared/schema/collection";
import type { AccountStore } from "../store/AccountStore";
import type { ActivityStore } from "../store/ActivityStore";
import type { AnalysisRecord, DocumentStore } from "../store/DocumentStore";
import { storeAnalysis } from "./createAnalysis";

export interface ImportTarget {
  readonly store: DocumentStore & Pick<ActivityStore, "appendActivity">;
  /** Whose analyses a title must not repeat; without it, every analysis in the store. */
  readonly memberships?: Pick<AccountStore, "listMemberships"> | undefined;
}

/** `title`, or "title (copy)", "title (copy 2)"… — the first not in `taken`, within the title limit. */
export function copyTitle(title: string, taken: ReadonlySet<string>): string {
  const key = (t: string) => t.trim().toLowerCase();
  const used = new Set([...taken].map(key));
  if (!used.has(key(title))) return title;
  for (let n = 1; ; n++) {
    const suffix = n === 1 ? " (copy)" : ` (copy ${n})`;
    const candidate = `${title.slice(0, Limits.titleMaxLength - suffix.length).trimEnd()}${suffix}`;
    if (!used.has(key(candidate))) return candidate;
  }
}

/** Titles of `userId`'s analyses (or, without memberships, every analysis): a copy's title repeats none. */
export async function takenTitles(target: ImportTarget, userId: string): Promise<string[]> {
  const records = target.memberships
    ? await Promise.all(
        (await target.memberships.listMemberships(userId)).map((m) => target.store.getAnalysis(m.analysisId)),
      )
    : await target.store.listAnalyses();
  return records.flatMap((r) => (r && !r.archived ? [r.title] : []));
}

/**
 * Stores an imported analysis built off the sync thread (server/workers/writeTasks.ts: title
 * copied, approvals dropped) and starts its history; `fileName` is the uploaded file's name, when
 * the client sent it.
 */
export async function importAnalysis(
  target: ImportTarget,
  analysis: { readonly id: string; readonly title: string },
  documents: ReadonlyMap<string, Uint8Array>,
  actor: Actor,
  fileName: string | null,
): Promise<AnalysisRecord> {
  const record = await storeAnalysis(target.store, analysis, documents, actor, { creatorIsLead: true });
  await target.store.appendActivity([
    {
      analysisId: record.id,
      docName: record.id,
      userId: actor.userId,
      userName: null,
      at: actor.now,
      kind: "meta",
      action: "imported",
      target: null,
      field: "file",
      before: null,
      after: null,
      label: fileName,
      coalesceKey: null,
    },
  ]);
  return record;
}

/** The file name a client sent in `X-ACH-Filename` (URI-encoded), without any path; null if none. */
export function uploadedFileName(header: string | undefined): string | null {
  if (!header) return null;
  let name: string;
  try {
    name = decodeURIComponent(header);
  } catch {
    name = header;
  }
  const base = (name.split(/[\\/]/).at(-1) ?? "").replace(/\p{Cc}/gu, "").trim();
  return base === "" ? null : base.slice(0, 255);
}
