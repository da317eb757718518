/**
 * The account names of an analysis's raters, by user id: what names them on screen and in every
 * export (shared/schema/raterNames.ts). Raters without an account here are left out.
 */
import { parseDocumentName } from "../../shared/documentNames";
import type { AccountNames } from "../../shared/schema/raterNames";
import type { AccountStore } from "../store/AccountStore";

export type AccountLookup = Pick<AccountStore, "getUser">;

export async function raterAccountNames(
  accounts: AccountLookup,
  documentNames: readonly string[],
): Promise<AccountNames> {
  const userIds = documentNames.flatMap((name) => {
    const parsed = parseDocumentName(name);
    return parsed.kind === "ratings" ? [parsed.userId] : [];
  });
  const users = await Promise.all(userIds.map((id) => accounts.getUser(id)));
  const names: Record<string, string> = {};
  userIds.forEach((id, i) => {
    const name = users[i]?.name;
    if (name) names[id] = name;
  });
  return names;
}
