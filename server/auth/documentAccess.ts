/**
 * Who may read and write which document of an analysis. The server authorises whole documents
 * (never inspects an update), so these few rules are the whole policy for sync:
 * - `<id>` content: leads and analysts write, viewers read;
 * - `<id>/lead`: leads write, everyone else reads;
 * - `<id>/ratings/<userId>`: its owner writes (viewers do not rate: read-only even for their own);
 *   while the lead keeps ratings blind, only the owner and leads may open it;
 * - `<id>/source/<sourceId>` a source's captured text: as the content document (blind rating hides
 *   ratings, not the sources they rest on).
 */
import type { Role } from "../../shared/accounts";
import type { DocumentName } from "../../shared/documentNames";

export type DocumentAccess = "write" | "read" | "none";

export function documentAccess(
  name: DocumentName,
  member: { readonly userId: string; readonly role: Role },
  blind: boolean,
): DocumentAccess {
  const { role, userId } = member;
  switch (name.kind) {
    case "content":
    case "source":
      return role === "viewer" ? "read" : "write";
    case "lead":
      return role === "lead" ? "write" : "read";
    case "ratings":
      if (name.userId === userId) return role === "viewer" ? "read" : "write";
      return canSeeOthersRatings(role, blind) ? "read" : "none";
  }
}

/** Blind rating hides everyone's ratings from analysts and viewers until the lead reveals them. */
export const canSeeOthersRatings = (role: Role, blind: boolean): boolean => role === "lead" || !blind;
