/**
 * The body of `GET /api/analyses/:id/documents`: every document of an analysis the caller may read,
 * as (name, Yjs state) pairs in one binary body, so a page paints the whole team's matrix after one
 * request instead of one WebSocket round trip per document.
 * Layout (lib0 encoding): varUint count, then per document varString name, varUint8Array state.
 */
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";

export interface BundledDocument {
  readonly name: string;
  /** The document's state as one Yjs update. */
  readonly state: Uint8Array;
}

export const DOCUMENT_BUNDLE_TYPE = "application/vnd.ach.documents";

export function encodeDocumentBundle(documents: readonly BundledDocument[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, documents.length);
  for (const { name, state } of documents) {
    encoding.writeVarString(encoder, name);
    encoding.writeVarUint8Array(encoder, state);
  }
  return encoding.toUint8Array(encoder);
}

/** The documents of a bundle; throws on a truncated or malformed body. */
export function decodeDocumentBundle(bytes: Uint8Array): BundledDocument[] {
  const decoder = decoding.createDecoder(bytes);
  const count = decoding.readVarUint(decoder);
  const out: BundledDocument[] = [];
  for (let i = 0; i < count; i++) {
    const name = decoding.readVarString(decoder);
    out.push({ name, state: decoding.readVarUint8Array(decoder) });
  }
  if (decoding.hasContent(decoder)) throw new Error("document bundle has trailing bytes");
  return out;
}
