/**
 * XML for imports, read with `saxes` (a maintained, non-validating streaming parser that never
 * fetches or expands DTDs). DOCTYPEs are refused outright, and depth and element count are capped,
 * so an upload can neither expand entities nor build an unbounded tree.
 */
import { SaxesParser } from "saxes";
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
  new AppError("validation_failed", `not a valid XML file: ${message}`);

interface Building {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

/** Parse a whole document; returns the root element or throws a 400 naming the problem. */
export function parseXml(source: string): XmlElement {
  const parser = new SaxesParser();
  const stack: Building[] = [];
  let root: XmlElement | null = null;
  let nodes = 0;
  // saxes reports errors through its handler and then goes on; the first one ends the parse.
  const fail = (message: string): never => {
    throw bad(message);
  };
  parser.on("error", (error) => fail(error.message.replace(/^undefined:/, "").trim()));
  parser.on("doctype", () => fail("DOCTYPE declarations are not accepted"));
  parser.on("opentag", (tag) => {
    if (++nodes > MAX_NODES) fail("too many elements");
    if (stack.length >= MAX_DEPTH) fail("elements nested too deeply");
    const attrs: Record<string, string> = {};
    for (const [key, value] of Object.entries(tag.attributes)) attrs[key] = String(value);
    stack.push({ name: tag.name, attrs, children: [], text: "" });
  });
  const addText = (text: string): void => {
    const top = stack.at(-1);
    if (top) top.text += text;
  };
  parser.on("text", addText);
  parser.on("cdata", addText);
  parser.on("closetag", () => {
    const el = stack.pop() as Building;
    const parent = stack.at(-1);
    if (parent) parent.children.push(el);
    else root = el;
  });
  parser.write(source).close();
  if (!root) throw bad("no root element");
  return root;
}
