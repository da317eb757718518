/**
 * A small non-validating XML parser for imports: elements, attributes, text, CDATA, the five
 * predefined entities and character references. DOCTYPEs are refused outright (no entity
 * expansion, no external entities), and depth and node count are capped.
 */
import { AppError } from "../../shared/errors";

export interface XmlElement {
  readonly name: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: readonly XmlElement[];
  /** Concatenated direct text content (trimmed by callers as needed). */
  readonly text: string;
}

const MAX_DEPTH = 64;
const MAX_NODES = 500_000;

const bad = (message: string): AppError =>
  new AppError("validation_failed", `not a valid XML file: ${message}`, 400);

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|lt|gt|amp|quot|apos);/g, (_, e: string) => {
    if (e === "lt") return "<";
    if (e === "gt") return ">";
    if (e === "amp") return "&";
    if (e === "quot") return '"';
    if (e === "apos") return "'";
    const code = e.startsWith("#x") ? Number.parseInt(e.slice(2), 16) : Number.parseInt(e.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : "";
  });
}

interface Building {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

/** Parse a whole document; returns the root element or throws a 400 naming the problem. */
export function parseXml(source: string): XmlElement {
  const stack: Building[] = [];
  let root: XmlElement | null = null;
  let nodes = 0;
  let i = 0;
  const n = source.length;
  while (i < n) {
    const lt = source.indexOf("<", i);
    const textEnd = lt === -1 ? n : lt;
    if (textEnd > i) {
      const text = source.slice(i, textEnd);
      const top = stack.at(-1);
      if (top) top.text += decodeEntities(text);
      else if (text.trim() !== "") throw bad("text outside the root element");
    }
    if (lt === -1) break;
    if (source.startsWith("<?", lt)) {
      const end = source.indexOf("?>", lt);
      if (end === -1) throw bad("unterminated processing instruction");
      i = end + 2;
    } else if (source.startsWith("<!--", lt)) {
      const end = source.indexOf("-->", lt);
      if (end === -1) throw bad("unterminated comment");
      i = end + 3;
    } else if (source.startsWith("<![CDATA[", lt)) {
      const end = source.indexOf("]]>", lt);
      if (end === -1) throw bad("unterminated CDATA section");
      const top = stack.at(-1);
      if (top) top.text += source.slice(lt + 9, end);
      i = end + 3;
    } else if (source.startsWith("<!", lt)) {
      throw bad("DOCTYPE declarations are not accepted");
    } else if (source.startsWith("</", lt)) {
      const end = source.indexOf(">", lt);
      if (end === -1) throw bad("unterminated end tag");
      const name = source.slice(lt + 2, end).trim();
      const top = stack.pop();
      if (!top || top.name !== name) throw bad(`unexpected </${name}>`);
      const el: XmlElement = top;
      const parent = stack.at(-1);
      if (parent) parent.children.push(el);
      else root = el;
      i = end + 1;
    } else {
      const m = /^<([A-Za-z_][\w.:-]*)((?:\s+[A-Za-z_][\w.:-]*\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/.exec(
        source.slice(lt, lt + 65_536),
      );
      if (!m) throw bad(`malformed tag at character ${lt}`);
      if (root) throw bad("more than one root element");
      if (++nodes > MAX_NODES) throw bad("too many elements");
      const attrs: Record<string, string> = {};
      for (const a of (m[2] ?? "").matchAll(/([A-Za-z_][\w.:-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
        attrs[a[1] ?? ""] = decodeEntities(a[2] ?? a[3] ?? "");
      }
      const el: Building = { name: m[1] ?? "", attrs, children: [], text: "" };
      if (m[3] === "/") {
        const parent = stack.at(-1);
        if (parent) parent.children.push(el);
        else root = el;
      } else {
        if (stack.length >= MAX_DEPTH) throw bad("elements nested too deeply");
        stack.push(el);
      }
      i = lt + m[0].length;
    }
  }
  if (stack.length > 0) throw bad(`<${stack.at(-1)?.name}> is never closed`);
  if (!root) throw bad("no root element");
  return root;
}
