/**
 * One analyst's ratings document `<id>/ratings/<userId>`: `ratings` Y.Map<cellKey, RatingCode>.
 * Written only by that analyst (the server enforces it), so no cell ever has two writers.
 * An absent key is "unrated", which is distinct from N.
 */
import type * as Y from "yjs";
import { cellKey } from "./ids";
import { isRatingCode, type RatingCode } from "./vocabulary";

export const ratingsMap = (doc: Y.Doc): Y.Map<string> => doc.getMap("ratings");

export function getRating(doc: Y.Doc, evidenceId: string, hypothesisId: string): RatingCode | null {
  const v = ratingsMap(doc).get(cellKey(evidenceId, hypothesisId));
  return isRatingCode(v) ? v : null;
}

/** Set a cell's rating, or clear it with null (back to unrated). */
export function setRating(
  doc: Y.Doc,
  evidenceId: string,
  hypothesisId: string,
  code: RatingCode | null,
): void {
  const key = cellKey(evidenceId, hypothesisId);
  const map = ratingsMap(doc);
  if (code === null) {
    if (map.has(key)) map.delete(key);
  } else if (map.get(key) !== code) {
    if (!isRatingCode(code)) throw new TypeError(`unknown rating code ${String(code)}`);
    map.set(key, code);
  }
}

/** Every value as stored, valid or not: scoring ignores and reports garbage from hostile clients. */
export function readRawRatings(doc: Y.Doc): Record<string, string> {
  const out: Record<string, string> = {};
  ratingsMap(doc).forEach((v, k) => {
    out[k] = String(v);
  });
  return out;
}

/** Only the valid ratings. */
export function readRatings(doc: Y.Doc): Record<string, RatingCode> {
  const out: Record<string, RatingCode> = {};
  ratingsMap(doc).forEach((v, k) => {
    if (isRatingCode(v)) out[k] = v;
  });
  return out;
}

/** The analyst's display name, kept with their ratings so exports and views can label them. */
export function readRaterName(doc: Y.Doc): string {
  const v = doc.getMap("meta").get("name");
  return typeof v === "string" ? v : "";
}

export function setRaterName(doc: Y.Doc, name: string): void {
  if (readRaterName(doc) !== name) doc.getMap("meta").set("name", name);
}
