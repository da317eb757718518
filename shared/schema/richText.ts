/**
 * Rich-text fields are Y.XmlFragments bound to Tiptap (y-prosemirror layout: an XmlElement per node,
 * one XmlText per run of text whose formatting attributes are the marks). These converters move between
 * that layout and ProseMirror-style JSON without a DOM or a ProseMirror schema, so the server can
 * export, import and seed rich text.
 */
import * as Y from "yjs";
import { Limits } from "../limits";

export interface RichMark {
  readonly type: string;
  readonly attrs?: Readonly<Record<string, unknown>>;
}

export interface RichNode {
  readonly type: string;
  readonly attrs?: Readonly<Record<string, unknown>>;
  readonly content?: readonly RichNode[];
  readonly text?: string;
  readonly marks?: readonly RichMark[];
}

/** A document: `{ type: "doc", content: [...] }`. */
export type RichDoc = RichNode & { readonly type: "doc" };

export const emptyRichDoc = (): RichDoc => ({ type: "doc", content: [] });

/** Block-level elements whose text ends with a line break in plain-text renderings. */
const BLOCKS = new Set(["paragraph", "heading", "listItem", "blockquote", "codeBlock"]);

function attrsOf(el: Y.XmlElement): Record<string, unknown> | undefined {
  const attrs = el.getAttributes() as Record<string, unknown>;
  return Object.keys(attrs).length > 0 ? attrs : undefined;
}

function textNodes(text: Y.XmlText): RichNode[] {
  const out: RichNode[] = [];
  for (const op of text.toDelta() as { insert: unknown; attributes?: Record<string, unknown> }[]) {
    if (typeof op.insert !== "string" || op.insert.length === 0) continue;
    const marks = Object.entries(op.attributes ?? {}).map(([type, attrs]) => {
      // y-prosemirror suffixes overlapping marks of one type with `--<hash>`.
      const name = type.split("--")[0] ?? type;
      return attrs && typeof attrs === "object" && Object.keys(attrs).length > 0
        ? { type: name, attrs: attrs as Record<string, unknown> }
        : { type: name };
    });
    out.push(marks.length > 0 ? { type: "text", text: op.insert, marks } : { type: "text", text: op.insert });
  }
  return out;
}

interface MutableNode {
  type: string;
  attrs?: Record<string, unknown>;
  content?: RichNode[];
}

/**
 * Read a fragment as ProseMirror-style JSON. Iterative and depth-bounded: elements nested deeper
 * than `Limits.richTextMaxDepth` (content stored before the limit existed) are left out, so every
 * reader downstream (JSON view, exports, diffs, restore) sees bounded input.
 */
export function fragmentToRichDoc(fragment: Y.XmlFragment): RichDoc {
  const root: RichNode[] = [];
  const stack: {
    readonly from: Y.XmlFragment | Y.XmlElement;
    readonly into: RichNode[];
    readonly depth: number;
  }[] = [{ from: fragment, into: root, depth: 0 }];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const { from, into, depth } = next;
    for (const child of from.toArray()) {
      if (child instanceof Y.XmlText) into.push(...textNodes(child));
      else if (child instanceof Y.XmlElement && depth < Limits.richTextMaxDepth) {
        const node: MutableNode = { type: child.nodeName };
        const attrs = attrsOf(child);
        if (attrs) node.attrs = attrs;
        into.push(node);
        if (child.length > 0) {
          node.content = [];
          stack.push({ from: child, into: node.content, depth: depth + 1 });
        }
      }
    }
  }
  // Elements whose children were all left out or empty carry no `content`, as before.
  const prune = (nodes: RichNode[]): void => {
    const work = [nodes];
    for (let list = work.pop(); list !== undefined; list = work.pop()) {
      for (const node of list as MutableNode[]) {
        if (node.content === undefined) continue;
        if (node.content.length === 0) delete node.content;
        else work.push(node.content);
      }
    }
  };
  prune(root);
  return { type: "doc", content: root };
}

function markAttributes(marks: readonly RichMark[] | undefined): Record<string, unknown> {
  const attrs: Record<string, unknown> = {};
  for (const m of marks ?? []) attrs[m.type] = m.attrs ?? {};
  return attrs;
}

function buildChildren(nodes: readonly RichNode[]): (Y.XmlElement | Y.XmlText)[] {
  const out: (Y.XmlElement | Y.XmlText)[] = [];
  let run: Y.XmlText | null = null;
  let runLength = 0; // a prelim text cannot report its own length
  for (const node of nodes) {
    if (node.type === "text") {
      if (!node.text) continue;
      if (!run) {
        run = new Y.XmlText();
        runLength = 0;
        out.push(run);
      }
      // Yjs queues edits on a not-yet-integrated text and replays them on insertion.
      run.insert(runLength, node.text, markAttributes(node.marks));
      runLength += node.text.length;
      continue;
    }
    run = null;
    const el = new Y.XmlElement(node.type);
    for (const [k, v] of Object.entries(node.attrs ?? {})) {
      if (v !== undefined && v !== null) el.setAttribute(k, v as string);
    }
    el.insert(0, buildChildren(node.content ?? []));
    out.push(el);
  }
  return out;
}

/** Replace a fragment's content with `doc`. */
export function writeRichDoc(fragment: Y.XmlFragment, doc: RichNode): void {
  if (fragment.doc && fragment.length > 0) fragment.delete(0, fragment.length);
  fragment.insert(0, buildChildren(doc.content ?? []));
}

/** Append `doc`'s blocks after a fragment's content (imported text goes below what is there). */
export function appendRichDoc(fragment: Y.XmlFragment, doc: RichNode): void {
  fragment.insert(fragment.length, buildChildren(doc.content ?? []));
}

/** Plain text of a rich document: blocks separated by newlines (for CSV, search, PDF fallbacks). */
export function richDocToPlainText(doc: RichNode): string {
  const parts: string[] = [];
  // Iterative: a node, then its children, then (marker entries) the block's closing newline.
  const stack: (RichNode | "\n")[] = [doc];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    if (node === "\n") {
      parts.push("\n");
      continue;
    }
    if (node.type === "text") parts.push(node.text ?? "");
    else if (node.type === "hardBreak") parts.push("\n");
    if (BLOCKS.has(node.type)) stack.push("\n");
    const children = node.content ?? [];
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i] as RichNode);
  }
  return parts.join("").replace(/\n+$/, "");
}

/** Paragraphs from plain text, one per line: how plain strings enter rich fields (seed, imports). */
export function plainTextToRichDoc(text: string): RichDoc {
  const lines = text.split(/\r?\n/);
  return {
    type: "doc",
    content:
      text.length === 0
        ? []
        : lines.map((line) => ({
            type: "paragraph",
            ...(line.length > 0 ? { content: [{ type: "text", text: line }] } : {}),
          })),
  };
}

/** Elements nested below `depth` in `fragment`, found without recursion; `depth` 1 = top level. */
function elementsAt(
  fragment: Y.XmlFragment,
  depth: number,
): { readonly found: Y.XmlElement[]; readonly maxDepth: number } {
  const found: Y.XmlElement[] = [];
  let maxDepth = 0;
  const stack: { readonly node: Y.XmlFragment | Y.XmlElement; readonly depth: number }[] = [
    { node: fragment, depth: 0 },
  ];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    maxDepth = Math.max(maxDepth, next.depth);
    if (next.node instanceof Y.XmlElement && next.depth === depth) found.push(next.node);
    for (const child of next.node.toArray()) {
      if (child instanceof Y.XmlElement) stack.push({ node: child, depth: next.depth + 1 });
    }
  }
  return { found, maxDepth };
}

/**
 * Deletes, in `fragment`, the deepest `levels` levels of elements nested beyond
 * `Limits.richTextMaxDepth` (content stored before the limit existed). Yjs deletes and collects
 * nested content recursively, so a 10 000-deep subtree cannot go in one transaction: call this in
 * one transaction per slice until it returns false (nothing beyond the limit is left).
 */
export function pruneDeepRichText(fragment: Y.XmlFragment, levels = 500): boolean {
  const { maxDepth } = elementsAt(fragment, -1);
  if (maxDepth <= Limits.richTextMaxDepth) return false;
  const cut = Math.max(maxDepth - levels, Limits.richTextMaxDepth);
  for (const element of elementsAt(fragment, cut).found) element.delete(0, element.length);
  return cut > Limits.richTextMaxDepth;
}
