/** Search, filter and sort of the analyses list (pure, so the page stays a thin view). */
import type { ListedAnalysis } from "../../lib/api";

export const SORTS = {
  edited: "Last edited",
  title: "Title",
  progress: "My rating progress",
  created: "Newest",
} as const;

export type SortKey = keyof typeof SORTS;

/** Cells the caller can rate (active evidence × active hypotheses). */
export const cellsOf = (a: ListedAnalysis): number => a.hypotheses * a.evidence;

/** Share of those cells the caller has rated, 0–1 (1 for an empty matrix: nothing is waiting). */
export const progressOf = (a: ListedAnalysis): number => (cellsOf(a) === 0 ? 1 : a.myRated / cellsOf(a));

/** Whether the caller is expected to rate and has cells left. */
export const waitsForMe = (a: ListedAnalysis): boolean =>
  !a.archived && a.role !== "viewer" && progressOf(a) < 1;

export function viewOf(
  items: readonly ListedAnalysis[],
  opts: { readonly query: string; readonly sort: SortKey; readonly showArchived: boolean },
): ListedAnalysis[] {
  const q = opts.query.trim().toLocaleLowerCase();
  const lastEdit = (a: ListedAnalysis): string => a.lastEditedAt ?? a.updatedAt;
  const compare: Record<SortKey, (x: ListedAnalysis, y: ListedAnalysis) => number> = {
    edited: (x, y) => lastEdit(y).localeCompare(lastEdit(x)),
    title: (x, y) => x.title.localeCompare(y.title, undefined, { sensitivity: "base" }),
    progress: (x, y) => progressOf(x) - progressOf(y) || lastEdit(y).localeCompare(lastEdit(x)),
    created: (x, y) => y.createdAt.localeCompare(x.createdAt),
  };
  return items
    .filter((a) => opts.showArchived || !a.archived)
    .filter(
      (a) =>
        q === "" ||
        a.title.toLocaleLowerCase().includes(q) ||
        a.team.some((m) => m.name.toLocaleLowerCase().includes(q)),
    )
    .sort(compare[opts.sort]);
}
