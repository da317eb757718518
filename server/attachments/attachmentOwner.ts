/** The `owner` of an attachment as routes spell it (`evidence:<id>`, `source:<id>`) and whether it exists. */
import type * as Y from "yjs";
import type { AttachmentOwner } from "../../shared/attachments";
import { AppError } from "../../shared/errors";
import { evidenceMap } from "../../shared/schema/contentDoc";

const OWNER = /^(source|evidence):([A-Za-z0-9_-]{1,64})$/;

/** `evidence:e1` → { kind: "evidence", id: "e1" }; anything else is a 400. */
export function parseOwner(value: unknown): AttachmentOwner {
  const match = typeof value === "string" ? OWNER.exec(value) : null;
  if (!match) {
    throw new AppError("validation_failed", "owner: give source:<id> or evidence:<id>");
  }
  return { kind: match[1] as AttachmentOwner["kind"], id: match[2] as string };
}

export const ownerParam = (owner: AttachmentOwner): string => `${owner.kind}:${owner.id}`;

/**
 * Whether the owner is an item of the analysis's content document (archived ones count: their
 * attachments stay with them). Sources live in the content document's `sources` collection.
 */
export function ownerExists(content: Y.Doc, owner: AttachmentOwner): boolean {
  if (owner.kind === "evidence") return evidenceMap(content).has(owner.id);
  // Read without creating the collection: `getMap` would define it on a document that lacks it.
  const sources = content.share.get("sources");
  return sources !== undefined && content.getMap("sources").has(owner.id);
}
