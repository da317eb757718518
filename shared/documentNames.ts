/**
 * Each analysis is several Yjs documents so the server authorises whole documents and never
 * inspects an update: `<id>` content, `<id>/ratings/<userId>` one analyst's ratings, `<id>/lead`.
 */
import { AppError } from "./errors";

export type DocumentKind = "content" | "ratings" | "lead";

export type DocumentName =
  | { readonly kind: "content"; readonly analysisId: string }
  | { readonly kind: "ratings"; readonly analysisId: string; readonly userId: string }
  | { readonly kind: "lead"; readonly analysisId: string };

/** Ids are URL-safe: letters, digits, `_` and `-`, 1–64 chars. */
export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export function isValidId(id: string): boolean {
  return ID_PATTERN.test(id);
}

export const contentDocName = (analysisId: string): string => analysisId;
export const leadDocName = (analysisId: string): string => `${analysisId}/lead`;
export const ratingsDocName = (analysisId: string, userId: string): string =>
  `${analysisId}/ratings/${userId}`;

export function formatDocumentName(name: DocumentName): string {
  switch (name.kind) {
    case "content":
      return contentDocName(name.analysisId);
    case "lead":
      return leadDocName(name.analysisId);
    case "ratings":
      return ratingsDocName(name.analysisId, name.userId);
  }
}

/** Parse `<id>`, `<id>/lead` or `<id>/ratings/<userId>`; throws `bad_request` otherwise. */
export function parseDocumentName(raw: string): DocumentName {
  const parts = raw.split("/");
  const [analysisId, kind, userId] = parts;
  if (analysisId === undefined || !isValidId(analysisId)) {
    throw new AppError("bad_request", `invalid document name "${raw.slice(0, 200)}"`);
  }
  if (parts.length === 1) return { kind: "content", analysisId };
  if (parts.length === 2 && kind === "lead") return { kind: "lead", analysisId };
  if (parts.length === 3 && kind === "ratings" && userId !== undefined && isValidId(userId)) {
    return { kind: "ratings", analysisId, userId };
  }
  throw new AppError("bad_request", `invalid document name "${raw.slice(0, 200)}"`);
}
