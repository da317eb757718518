/**
 * Depth and size of one rich-text field, measured without recursion: on a Y.XmlFragment (what sync
 * and REST write) and on ProseMirror-style JSON (what import reads). Size counts characters of
 * text, attribute and mark values, plus one per element.
 */
import * as Y from "yjs";
import { Limits } from "../limits";
import type { RichNode } from "../schema/richText";
import { measureValue } from "./measure";

/** Any Yjs shared type (maps, arrays, XML), as `doc.share` holds them. */
// biome-ignore lint/suspicious/noExplicitAny: Yjs types its shared types invariantly in their event type.
type YType = Y.AbstractType<any>;

/** Values inside rich text (attributes, marks, embeds) are small; deeper ones are not Tiptap's. */
const ATTRIBUTE_MAX_DEPTH = 8;

export const tooDeepMessage = `nested deeper than ${Limits.richTextMaxDepth} levels`;
const tooLargeMessage = (max: number): string => `longer than ${max} characters`;

function valueSize(value: unknown, max: number = Limits.richTextMaxLength): number {
  if (typeof value === "string") return value.length;
  // An over-limit value makes the whole field over its limit.
  return measureValue(value, ATTRIBUTE_MAX_DEPTH, max) === null
    ? JSON.stringify(value ?? null).length
    : Number.POSITIVE_INFINITY;
}

function contentSize(content: Y.Item["content"]): number {
  if (content instanceof Y.ContentString) return content.str.length;
  if (content instanceof Y.ContentFormat) return content.key.length + valueSize(content.value);
  if (content instanceof Y.ContentEmbed) return valueSize(content.embed);
  if (content instanceof Y.ContentAny) return content.arr.reduce((n: number, v) => n + valueSize(v), 0);
  if (content instanceof Y.ContentBinary) return content.content.byteLength;
  if (content instanceof Y.ContentDeleted) return 0;
  return content.getLength();
}

/**
 * A message when `fragment` is nested too deeply or larger than `maxLength` (rich-text fields by
 * default; a source's captured text has its own, larger limit), else null.
 */
export function checkFragment(fragment: YType, maxLength: number = Limits.richTextMaxLength): string | null {
  const stack: { readonly type: YType; readonly depth: number }[] = [{ type: fragment, depth: 0 }];
  let size = 0;
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const { type, depth } = next;
    if (depth > Limits.richTextMaxDepth) return tooDeepMessage;
    if (type instanceof Y.XmlElement) size += 1 + type.nodeName.length;
    const visit = (item: Y.Item): void => {
      if (item.deleted) return;
      if (item.content instanceof Y.ContentType) {
        // Elements nest one level deeper; a text run or an attribute value is at its parent's level.
        const child = item.content.type;
        stack.push({ type: child, depth: child instanceof Y.XmlElement ? depth + 1 : depth });
      } else size += contentSize(item.content);
    };
    for (let item = type._start; item !== null; item = item.right) visit(item);
    for (const [key, item] of type._map) {
      size += key.length;
      visit(item);
    }
    if (size > maxLength) return tooLargeMessage(maxLength);
  }
  return null;
}

/** The same limits on ProseMirror-style JSON (import); `doc` itself is level 0. */
export function checkRichDoc(doc: RichNode, maxLength: number = Limits.richTextMaxLength): string | null {
  const stack: { readonly node: RichNode; readonly depth: number }[] = [{ node: doc, depth: 0 }];
  let size = 0;
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const { node, depth } = next;
    if (depth > Limits.richTextMaxDepth) return tooDeepMessage;
    size += node.type === "text" ? (node.text ?? "").length : 1 + node.type.length;
    if (node.attrs !== undefined) size += valueSize(node.attrs, maxLength);
    for (const mark of node.marks ?? []) size += mark.type.length + valueSize(mark.attrs ?? {}, maxLength);
    if (size > maxLength) return tooLargeMessage(maxLength);
    for (const child of node.content ?? []) stack.push({ node: child, depth: depth + 1 });
  }
  return null;
}
