/**
 * Each analysis is several Yjs documents so the server authorises whole documents and never
 * inspects an update: `<id>` content, `<id>/ratings/<userId>` one analyst's ratings, `<id>/lead`,
 * and `<id>/source/<sourceId>` the captured text of one source (kept apart from the content
 * document: a 200 000-character article should not ride along with every matrix sync).
 */
import { AppError } from "./errors";

export type DocumentKind = "content" | "ratings" | "lead" | "source";

export type DocumentName =
  | { readonly kind: "content"; readonly analysisId: string }
  | { readonly kind: "ratings"; readonly analysisId: string; readonly userId: string }
  | { readonly kind: "lead"; readonly analysisId: string }
  | { readonly kind: "source"; readonly analysisId: string; readonly sourceId: string };

/** Ids are URL-safe: letters, digits, `_` and `-`, 1–64 chars. */
export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export function isValidId(id: string): boolean {
  return ID_PATTERN.test(id);
}

export const contentDocName = (analysisId: string): string => analysisId;
export const leadDocName = (analysisId: string): string => `${analysisId}/lead`;
export const ratingsDocName = (analysisId: string, userId: string): string =>
  `${analysisId}/ratings/${userId}`;
export const sourceDocName = (analysisId: string, sourceId: string): string =>
  `${analysisId}/source/${sourceId}`;
/** Prefix of every document of `analysisId` but the content document itself (for `listDocuments`). */
export const ratingsDocPrefix = (analysisId: string): string => `${analysisId}/ratings/`;
export const sourceDocPrefix = (analysisId: string): string => `${analysisId}/source/`;

/** The one rich-text part of a source document: its captured text. */
export const SOURCE_TEXT_PART = "text";

export function formatDocumentName(name: DocumentName): string {
  switch (name.kind) {
    case "content":
      return contentDocName(name.analysisId);
    case "lead":
      return leadDocName(name.analysisId);
    case "ratings":
      return ratingsDocName(name.analysisId, name.userId);
    case "source":
      return sourceDocName(name.analysisId, name.sourceId);
  }
}

/**
 * Parse `<id>`, `<id>/lead`, `<id>/ratings/<userId>` or `<id>/source/<sourceId>`; throws
 * `bad_request` otherwise.
 */
export function parseDocumentName(raw: string): DocumentName {
  const parts = raw.split("/");
  const [analysisId, kind, sub] = parts;
  if (analysisId === undefined || !isValidId(analysisId)) {
    throw new AppError("bad_request", `invalid document name "${raw.slice(0, 200)}"`);
  }
  if (parts.length === 1) return { kind: "content", analysisId };
  if (parts.length === 2 && kind === "lead") return { kind: "lead", analysisId };
  if (parts.length === 3 && sub !== undefined && isValidId(sub)) {
    if (kind === "ratings") return { kind: "ratings", analysisId, userId: sub };
    if (kind === "source") return { kind: "source", analysisId, sourceId: sub };
  }
  throw new AppError("bad_request", `invalid document name "${raw.slice(0, 200)}"`);
}
