/**
 * What a sync server's "permission denied" reason says about my local copy of a document (the
 * reasons are written by server/sync/UpdateAdmission.ts and roomDispatch.ts).
 */

/**
 * - `readOnly`: I may not write this document at all (a viewer, another analyst's ratings);
 * - `coolingDown`: refused unseen because an earlier update of mine broke a limit; later is fine;
 * - `held`: the server refused a change this copy holds. A Yjs copy never drops a change it took,
 *   so every reconnect would send it again and be refused again: the copy must stop syncing and
 *   the user be told, with their work kept and exportable.
 */
export type Refusal =
  | { readonly kind: "readOnly" }
  | { readonly kind: "coolingDown" | "held"; readonly reason: string };

const REFUSED = "update refused: ";
const COOLING_DOWN = "try again later";

export function classifyRefusal(message: string): Refusal {
  if (!message.startsWith(REFUSED)) return { kind: "readOnly" };
  const reason = message.slice(REFUSED.length);
  return { kind: reason.startsWith(COOLING_DOWN) ? "coolingDown" : "held", reason };
}
