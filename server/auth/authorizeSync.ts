/**
 * Decides, at the WebSocket upgrade and before any document byte is sent, whether a connection may
 * open a document and as whom. Unknown analyses are refused (close 4404).
 */
import type { IncomingMessage } from "node:http";
import { parseDocumentName } from "../../shared/documentNames";
import { AppError } from "../../shared/errors";
import { Limits } from "../../shared/limits";
import type { DocumentStore } from "../store/DocumentStore";
import type { ConnectionContext } from "../sync/SocketLike";

const COLOR = /^#[0-9a-fA-F]{6}$/;

/**
 * Until accounts exist the browser names itself (`?uid=&name=&color=`); the server still owns the
 * awareness `user` field, so a client can only ever speak as the identity it connected with.
 */
export function authorizeSync(store: DocumentStore) {
  return async (req: IncomingMessage, docName: string): Promise<ConnectionContext> => {
    const { analysisId } = parseDocumentName(docName);
    const record = await store.getAnalysis(analysisId);
    if (!record) throw new AppError("not_found", "analysis not found", 404);
    const params = new URL(req.url ?? "/", "http://localhost").searchParams;
    const id = params.get("uid") ?? "";
    const name = (params.get("name") ?? "").slice(0, Limits.displayNameMaxLength);
    const color = params.get("color") ?? "";
    return {
      user: {
        id: /^[A-Za-z0-9_-]{1,64}$/.test(id) ? id : "anonymous",
        name: name.trim() || "Anonymous",
        color: COLOR.test(color) ? color : "#6b7280",
      },
      readOnly: false,
    };
  };
}
