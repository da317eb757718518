/**
 * Plain-text offsets ↔ ProseMirror positions in a captured-text editor. The plain text is the view
 * `shared/sources/anchoring.ts` defines over the Y.XmlFragment (each textblock one line, lines
 * joined by "\n", a hard break "\n", an inline atom one character, containers nothing), read here
 * from the ProseMirror document the fragment is rendered as. Inside a textblock every inline node
 * is as long in plain characters as in positions, so one entry per line is enough.
 */
import type { Node as PmNode } from "@tiptap/pm/model";

export interface PlainIndex {
  /** Per line: its plain start, its first content position, its length (both units alike). */
  readonly plainStarts: readonly number[];
  readonly pmStarts: readonly number[];
  readonly lengths: readonly number[];
}

export function plainIndex(doc: PmNode): PlainIndex {
  const plainStarts: number[] = [];
  const pmStarts: number[] = [];
  const lengths: number[] = [];
  let plain = 0;
  doc.descendants((node, pos) => {
    if (!node.isTextblock && !(node.isBlock && node.isLeaf)) return true;
    if (plainStarts.length > 0) plain += 1; // the "\n" that joins lines
    plainStarts.push(plain);
    pmStarts.push(node.isLeaf ? pos : pos + 1);
    lengths.push(node.content.size);
    plain += node.content.size;
    return false;
  });
  return { plainStarts, pmStarts, lengths };
}

/** Index of the last entry of `starts` at or before `value` (0 when none). */
function lineAt(starts: readonly number[], value: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] as number) <= value) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The ProseMirror position of a plain offset; null in an empty document. */
export function plainToPm(index: PlainIndex, offset: number): number | null {
  if (index.plainStarts.length === 0) return null;
  const i = lineAt(index.plainStarts, offset);
  const within = Math.max(0, Math.min(offset - (index.plainStarts[i] as number), index.lengths[i] as number));
  return (index.pmStarts[i] as number) + within;
}

/** The plain offset of a ProseMirror position (a position between blocks counts as the nearest line end). */
export function pmToPlain(index: PlainIndex, pos: number): number | null {
  if (index.pmStarts.length === 0) return null;
  const i = lineAt(index.pmStarts, pos);
  const within = Math.max(0, Math.min(pos - (index.pmStarts[i] as number), index.lengths[i] as number));
  return (index.plainStarts[i] as number) + within;
}
