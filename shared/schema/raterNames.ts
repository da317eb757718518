/**
 * The one rule naming a rater on screen and in exports (JSON, CSV, PDF): the account name the
 * server knows, never the name a member stored in their ratings document (`meta.name`, which a
 * hostile client could set to someone else's name). Only a rater without an account here — an
 * analyst of an imported analysis — keeps the stored name; an unnamed one shows their id.
 */
import type { AnalysisJson } from "./analysisJson";

/** User id → account name, for the raters that have an account on this server. */
export type AccountNames = Readonly<Record<string, string>>;

export function raterDisplayName(
  userId: string,
  accountName: string | null | undefined,
  storedName: string,
): string {
  return accountName || storedName || userId;
}

/** Ratings by user id (as stored, or raw), each named by `raterDisplayName`. */
export function nameRaterRecords<T extends { readonly name: string }>(
  ratings: Readonly<Record<string, T>>,
  accountNames: AccountNames,
): Record<string, T> {
  return Object.fromEntries(
    Object.entries(ratings).map(([userId, r]) => [
      userId,
      { ...r, name: raterDisplayName(userId, accountNames[userId], r.name) },
    ]),
  );
}

/** `analysis` with every rater named by `raterDisplayName`. */
export function nameRaters(analysis: AnalysisJson, accountNames: AccountNames): AnalysisJson {
  return { ...analysis, ratings: nameRaterRecords(analysis.ratings, accountNames) };
}
