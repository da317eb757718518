/**
 * Row and column order as fractional-index keys (the `order` field of each item), so concurrent
 * inserts and moves never rewrite siblings. Two clients may mint the same key concurrently; the
 * id breaks the tie, so every replica still sorts identically.
 */
import { generateKeyBetween } from "fractional-indexing";

export interface Ordered {
  readonly id: string;
  readonly order: string;
}

export function compareOrder(a: Ordered, b: Ordered): number {
  if (a.order !== b.order) return a.order < b.order ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export function sortByOrder<T extends Ordered>(items: readonly T[]): T[] {
  return [...items].sort(compareOrder);
}

/** Order key for an item placed at `index` of `sorted` (others keep theirs); `sorted` excludes the item. */
export function orderAt(sorted: readonly Ordered[], index: number): string {
  const i = Math.max(0, Math.min(index, sorted.length));
  const before = i > 0 ? (sorted[i - 1]?.order ?? null) : null;
  // Concurrent mints can leave equal keys; the next strictly greater key bounds the new one.
  let j = i;
  while (j < sorted.length && before !== null && (sorted[j]?.order ?? "") <= before) j++;
  const after = j < sorted.length ? (sorted[j]?.order ?? null) : null;
  return generateKeyBetween(before, after);
}

export const orderAtEnd = (sorted: readonly Ordered[]): string => orderAt(sorted, sorted.length);

/** Order keys for items appended one after another to an empty collection, minted in O(1) each. */
export function orderSequence(): () => string {
  let last: string | null = null;
  return () => {
    last = generateKeyBetween(last, null);
    return last;
  };
}
