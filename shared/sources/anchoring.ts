/**
 * Anchoring citations in a source's captured text (the Y.XmlFragment "text" of its document).
 *
 * The plain-text view is what quotes and offsets refer to. Its definition, which the client's
 * ProseMirror mapping mirrors:
 * - each textblock (an element with no child element but `hardBreak`: paragraph, heading, code
 *   block, or an empty element such as a horizontal rule) is one line; lines are joined by "\n";
 * - a `hardBreak` is "\n"; an embed inside text is U+FFFC; formatting adds nothing;
 * - containers (blockquote, lists, list items) add nothing of their own;
 * - elements nested deeper than `Limits.richTextMaxDepth` are left out (as every reader does).
 *
 * An anchor keeps both a TextQuoteSelector and two Yjs relative positions on the XmlText items.
 * The start sticks to the first quoted character and the end to the last one, so text typed just
 * before or just after a passage stays outside it and text typed inside it widens it, whoever
 * types and in whatever order the edits arrive. When the positions do not resolve (the text was
 * rebuilt, e.g. by an import), the quote finds the passage again.
 */
import { fromBase64, toBase64 } from "lib0/buffer";
import * as Y from "yjs";
import { Limits } from "../limits";
import { findQuote, quoteSelector, type TextQuoteSelector, type TextRange } from "./quoteSelector";

/** One XmlText of the fragment and where its characters sit in the plain text. */
export interface TextRun {
  readonly text: Y.XmlText;
  readonly start: number;
  readonly length: number;
}

export interface PlainTextView {
  readonly text: string;
  /** In document order, so `start` grows. */
  readonly runs: readonly TextRun[];
  readonly doc: Y.Doc | null;
}

/** A citation's hold on a passage: its quote and its encoded relative positions. */
export interface TextAnchor extends TextQuoteSelector {
  /** `Y.encodeRelativePosition` of the start, as base64. */
  readonly start: string;
  readonly end: string;
}

/**
 * How an anchor resolved: `anchored` (positions hold, text as quoted), `edited` (positions hold,
 * the passage was edited since), `reanchored` (found again by its quote), `lost` (neither).
 */
export type AnchorStatus = "anchored" | "edited" | "reanchored" | "lost";

export type ResolvedAnchor =
  | { readonly status: "anchored" | "edited" | "reanchored"; readonly range: TextRange }
  | { readonly status: "lost"; readonly range: null };

const INLINE_ELEMENTS = new Set(["hardBreak"]);
const OBJECT_REPLACEMENT = "\uFFFC";

function isTextblock(el: Y.XmlElement): boolean {
  for (let item = el._start; item !== null; item = item.right) {
    if (item.deleted || !(item.content instanceof Y.ContentType)) continue;
    const child = item.content.type;
    if (child instanceof Y.XmlElement && !INLINE_ELEMENTS.has(child.nodeName)) return false;
  }
  return true;
}

function runText(text: Y.XmlText): string {
  let out = "";
  for (let item = text._start; item !== null; item = item.right) {
    if (item.deleted || !item.countable) continue;
    out +=
      item.content instanceof Y.ContentString ? item.content.str : OBJECT_REPLACEMENT.repeat(item.length);
  }
  return out;
}

/** The plain text of a captured-text fragment and where each XmlText sits in it (see above). */
export function plainTextView(fragment: Y.XmlFragment): PlainTextView {
  const parts: string[] = [];
  const runs: TextRun[] = [];
  let length = 0;
  let lines = 0;
  const append = (s: string): void => {
    parts.push(s);
    length += s.length;
  };
  const startLine = (): void => {
    if (lines++ > 0) append("\n");
  };
  const addRun = (text: Y.XmlText): void => {
    const s = runText(text);
    runs.push({ text, start: length, length: s.length });
    append(s);
  };
  type Node = Y.XmlElement | Y.XmlText | Y.XmlHook;
  const stack: { readonly node: Node; readonly depth: number }[] = [];
  const pushChildren = (parent: Y.XmlFragment | Y.XmlElement, depth: number): void => {
    const children = parent.toArray();
    for (let i = children.length - 1; i >= 0; i--) stack.push({ node: children[i] as Node, depth });
  };
  pushChildren(fragment, 1);
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const { node, depth } = next;
    if (node instanceof Y.XmlText) {
      // Text straight inside a container is not Tiptap's layout; it still reads, as its own line.
      startLine();
      addRun(node);
    } else if (node instanceof Y.XmlElement && depth <= Limits.richTextMaxDepth) {
      if (!isTextblock(node)) {
        pushChildren(node, depth + 1);
        continue;
      }
      startLine();
      for (const child of node.toArray()) {
        if (child instanceof Y.XmlText) addRun(child);
        else append("\n"); // a hardBreak
      }
    }
  }
  return { text: parts.join(""), runs, doc: fragment.doc };
}

/** Index of the last run starting at or before `offset` (-1 when none). */
function runBefore(runs: readonly TextRun[], offset: number): number {
  let lo = 0;
  let hi = runs.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((runs[mid] as TextRun).start <= offset) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** The run and index inside it that plain `offset` falls on, looking to the side `assoc` names. */
function placeOffset(
  runs: readonly TextRun[],
  offset: number,
  assoc: 0 | -1,
): { run: TextRun; index: number } {
  const i = runBefore(runs, offset);
  // Runs are few around an offset; empty runs may share a start, so look one or two either side.
  const near = runs.slice(Math.max(0, i - 2), i + 2);
  const end = (run: TextRun): number => run.start + run.length;
  const inside =
    assoc === 0
      ? near.find((r) => r.start <= offset && offset < end(r))
      : near.find((r) => r.start < offset && offset <= end(r));
  if (inside !== undefined) return { run: inside, index: offset - inside.start };
  // On a line break or in an empty line: the run edge on the side the position looks at, else
  // the nearest edge on the other side.
  const edge = assoc === 0 ? near.find((r) => end(r) === offset) : near.find((r) => r.start === offset);
  if (edge !== undefined) return { run: edge, index: assoc === 0 ? edge.length : 0 };
  const after = runs[i + 1];
  const before = runs[i];
  if (assoc === 0 && after !== undefined) return { run: after, index: 0 };
  if (before !== undefined) return { run: before, index: Math.min(offset - before.start, before.length) };
  return { run: runs[0] as TextRun, index: 0 };
}

/**
 * The relative position of plain `offset`: `assoc` 0 sticks to the character after it (a start),
 * -1 to the character before it (an end). Null when the text has no run at all.
 */
export function relativePositionAt(
  view: PlainTextView,
  offset: number,
  assoc: 0 | -1,
): Y.RelativePosition | null {
  if (view.runs.length === 0) return null;
  const { run, index } = placeOffset(view.runs, offset, assoc);
  return Y.createRelativePositionFromTypeIndex(run.text, index, assoc);
}

/** Plain offset of a relative position, or null when it is not in one of the view's runs. */
export function offsetOf(
  view: PlainTextView,
  position: Y.RelativePosition,
  runIndex?: Map<Y.XmlText, TextRun>,
): number | null {
  if (view.doc === null) return null;
  const abs = Y.createAbsolutePositionFromRelativePosition(position, view.doc);
  if (abs === null || !(abs.type instanceof Y.XmlText)) return null;
  const run = (runIndex ?? indexRuns(view)).get(abs.type);
  return run === undefined ? null : run.start + Math.min(abs.index, run.length);
}

/** Runs by their XmlText, to resolve many anchors against one view. */
export function indexRuns(view: PlainTextView): Map<Y.XmlText, TextRun> {
  return new Map(view.runs.map((run) => [run.text, run]));
}

export const encodePosition = (position: Y.RelativePosition): string =>
  toBase64(Y.encodeRelativePosition(position));

/** Null when `encoded` is not a relative position (hostile or damaged input reads as unanchored). */
export function decodePosition(encoded: string): Y.RelativePosition | null {
  try {
    return Y.decodeRelativePosition(fromBase64(encoded));
  } catch {
    return null;
  }
}

/** An anchor on `view.text[range]`; null when the range is empty or the text has no run. */
export function anchorAt(view: PlainTextView, range: TextRange): TextAnchor | null {
  const start = Math.max(0, Math.min(range.start, view.text.length));
  const end = Math.max(start, Math.min(range.end, view.text.length));
  if (end === start) return null;
  const from = relativePositionAt(view, start, 0);
  const to = relativePositionAt(view, end, -1);
  if (from === null || to === null) return null;
  const selector = quoteSelector(view.text, start, end);
  return {
    ...selector,
    exact: selector.exact.slice(0, Limits.quoteMaxLength),
    start: encodePosition(from),
    end: encodePosition(to),
  };
}

/**
 * Where `anchor` sits in `view` now: by its relative positions when they hold, else by its quote.
 * Pass `runIndex` (from `indexRuns`) when resolving many anchors against one view.
 */
export function resolveAnchor(
  view: PlainTextView,
  anchor: TextAnchor,
  runIndex: Map<Y.XmlText, TextRun> = indexRuns(view),
): ResolvedAnchor {
  const from = decodePosition(anchor.start);
  const to = decodePosition(anchor.end);
  const start = from === null ? null : offsetOf(view, from, runIndex);
  const end = to === null ? null : offsetOf(view, to, runIndex);
  if (start !== null && end !== null && end > start) {
    const status = view.text.slice(start, end) === anchor.exact ? "anchored" : "edited";
    return { status, range: { start, end } };
  }
  // Positions lost, or the whole passage deleted: look for its words (perhaps pasted again).
  const found = findQuote(view.text, anchor, start ?? undefined);
  return found === null ? { status: "lost", range: null } : { status: "reanchored", range: found };
}

/**
 * The anchor made fresh for `view`: found by its positions or its quote, then given positions in
 * this text (after an import rebuilt the text, the old positions name items that no longer exist).
 * Null when the passage is lost.
 */
export function reanchor(view: PlainTextView, anchor: TextAnchor): TextAnchor | null {
  const resolved = resolveAnchor(view, anchor);
  return resolved.range === null ? null : anchorAt(view, resolved.range);
}
