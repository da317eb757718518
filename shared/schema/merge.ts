/**
 * Merging duplicates (two evidence rows or two hypotheses).
 *
 * The content document changes at once: the survivor keeps its own fields, the loser is archived with
 * `mergedInto = survivorId`, comments on the loser (and on its cells) move to the survivor, and the merge
 * is appended to the `merges` log so it shows in history. Ratings cannot move at that moment, because
 * each analyst's ratings document is writable only by that analyst. So every client migrates its *own*
 * ratings lazily (`migrateMyRatings`, run when an analysis is opened and whenever the content changes):
 * for each merged item, my rating of a loser cell is copied to the matching survivor cell when I have not
 * rated that one. Where I rated both, my survivor rating stands and the loser's stays stored on the
 * archived cell (conflicting ratings are kept per analyst, nothing is overwritten). Each migrated merge is
 * recorded in my ratings document (`migrated`), so a cell I clear afterwards is not refilled.
 */
import * as Y from "yjs";
import { AppError } from "../errors";
import { type Actor, getItem, type ItemMap } from "./collection";
import { type CommentTarget, retargetComments } from "./comments";
import { evidenceMap, hypothesesMap } from "./contentDoc";
import { cellKey, parseCellKey } from "./ids";
import { ratingsMap } from "./ratingsDoc";
import { isRatingCode } from "./vocabulary";

export type MergeKind = "evidence" | "hypothesis";

export interface MergeRecord {
  readonly kind: MergeKind;
  readonly survivorId: string;
  readonly loserId: string;
  readonly by: string;
  readonly at: string;
}

export const mergesArray = (doc: Y.Doc): Y.Array<unknown> => doc.getArray("merges");

const collectionOf = (doc: Y.Doc, kind: MergeKind) =>
  kind === "evidence" ? evidenceMap(doc) : hypothesesMap(doc);

/** The merge log, oldest first; malformed entries are skipped. */
export function readMerges(doc: Y.Doc): MergeRecord[] {
  return mergesArray(doc)
    .toArray()
    .flatMap((v): MergeRecord[] => {
      if (typeof v !== "object" || v === null) return [];
      const r = v as Record<string, unknown>;
      const ok =
        (r.kind === "evidence" || r.kind === "hypothesis") &&
        typeof r.survivorId === "string" &&
        typeof r.loserId === "string";
      return ok
        ? [
            {
              kind: r.kind as MergeKind,
              survivorId: r.survivorId as string,
              loserId: r.loserId as string,
              by: typeof r.by === "string" ? r.by : "",
              at: typeof r.at === "string" ? r.at : "",
            },
          ]
        : [];
    });
}

/** Follows `mergedInto` links to the item that finally survives (cycle-safe); null if it was never merged. */
export function finalSurvivor(doc: Y.Doc, kind: MergeKind, id: string): string | null {
  const coll = collectionOf(doc, kind);
  const seen = new Set<string>([id]);
  let current = id;
  for (;;) {
    const item = coll.get(current);
    const next = item instanceof Y.Map ? item.get("mergedInto") : undefined;
    if (typeof next !== "string" || seen.has(next) || !coll.has(next)) break;
    seen.add(next);
    current = next;
  }
  return current === id ? null : current;
}

function retarget(kind: MergeKind, survivorId: string, loserId: string) {
  return (t: CommentTarget): CommentTarget | null => {
    if (kind === "evidence") {
      if (t.kind === "evidence" && t.id === loserId) return { kind: "evidence", id: survivorId };
      if (t.kind === "cell" && t.evidenceId === loserId) return { ...t, evidenceId: survivorId };
    } else {
      if (t.kind === "hypothesis" && t.id === loserId) return { kind: "hypothesis", id: survivorId };
      if (t.kind === "cell" && t.hypothesisId === loserId) return { ...t, hypothesisId: survivorId };
    }
    return null;
  };
}

/**
 * Merge `loserId` into `survivorId` (same kind) in the content document. Refuses merging an item into
 * itself, into an item that was itself merged away, or an item that is already merged.
 */
export function mergeItems(
  doc: Y.Doc,
  kind: MergeKind,
  survivorId: string,
  loserId: string,
  actor: Actor,
): void {
  if (survivorId === loserId) throw new AppError("validation_failed", "cannot merge an item into itself");
  const coll = collectionOf(doc, kind);
  const survivor: ItemMap = getItem(coll, survivorId, kind);
  const loser: ItemMap = getItem(coll, loserId, kind);
  if (typeof survivor.get("mergedInto") === "string") {
    throw new AppError("conflict", `${kind} "${survivorId}" was merged into another item`);
  }
  if (typeof loser.get("mergedInto") === "string") {
    throw new AppError("conflict", `${kind} "${loserId}" is already merged`);
  }
  doc.transact(() => {
    loser.set("archived", true);
    loser.set("mergedInto", survivorId);
    loser.set("mergedAt", actor.now);
    loser.set("mergedBy", actor.userId);
    retargetComments(doc, retarget(kind, survivorId, loserId));
    mergesArray(doc).push([{ kind, survivorId, loserId, by: actor.userId, at: actor.now }]);
  });
}

/** Merge two evidence rows: the survivor keeps its claim, source and other fields. */
export const mergeEvidence = (doc: Y.Doc, survivorId: string, loserId: string, actor: Actor): void =>
  mergeItems(doc, "evidence", survivorId, loserId, actor);

/** Merge two hypotheses: the survivor keeps its title and description. */
export const mergeHypotheses = (doc: Y.Doc, survivorId: string, loserId: string, actor: Actor): void =>
  mergeItems(doc, "hypothesis", survivorId, loserId, actor);

export const migratedMap = (ratings: Y.Doc): Y.Map<unknown> => ratings.getMap("migrated");

/**
 * Carry my ratings over every merge not yet migrated in my ratings document. Returns how many cells
 * were filled. Safe to call often: each merged item is migrated once. `origin` tags the transaction
 * (so a client's undo history can leave the migration out).
 */
export function migrateMyRatings(content: Y.Doc, ratings: Y.Doc, origin: unknown = null): number {
  const done = migratedMap(ratings);
  const pending: { kind: MergeKind; loserId: string; survivorId: string }[] = [];
  for (const kind of ["evidence", "hypothesis"] as const) {
    collectionOf(content, kind).forEach((item, id) => {
      if (!(item instanceof Y.Map) || typeof item.get("mergedInto") !== "string") return;
      if (done.get(`${kind}:${id}`) === true) return;
      const survivorId = finalSurvivor(content, kind, id);
      if (survivorId) pending.push({ kind, loserId: id, survivorId });
    });
  }
  if (pending.length === 0) return 0;
  const map = ratingsMap(ratings);
  let filled = 0;
  ratings.transact(() => {
    for (const { kind, loserId, survivorId } of pending) {
      for (const [key, code] of [...map.entries()]) {
        const cell = parseCellKey(key);
        if (!cell || !isRatingCode(code)) continue;
        const target =
          kind === "evidence"
            ? cell.evidenceId === loserId && cellKey(survivorId, cell.hypothesisId)
            : cell.hypothesisId === loserId && cellKey(cell.evidenceId, survivorId);
        if (!target || map.has(target)) continue;
        map.set(target, code);
        filled++;
      }
      done.set(`${kind}:${loserId}`, true);
    }
  }, origin);
  return filled;
}
