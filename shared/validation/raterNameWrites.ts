/**
 * A member's ratings document may carry only their own account name (`meta.name`, kept for offline
 * display): a write setting anyone else's name is refused, as a comment in another's name is.
 * Displays and exports never trust it anyway (shared/schema/raterNames.ts).
 */
import type * as Y from "yjs";
import { readRaterName } from "../schema/ratingsDoc";
import type { LimitViolation } from "./validateDocument";

const META = "meta";

/** A refusal when `transaction` (on `after`) set the rater's name to other than `ownName`. Call inside it. */
export function checkRaterNameWrite(
  after: Y.Doc,
  transaction: Y.Transaction,
  ownName: string,
): LimitViolation | null {
  const meta = after.share.get(META);
  if (meta === undefined || !transaction.changed.has(meta)) return null;
  const name = readRaterName(after);
  return name === "" || name === ownName
    ? null
    : { path: `${META}.name`, message: "a rater's name is their own account name only" };
}
