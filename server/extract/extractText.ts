/**
 * Captured text for a source from an uploaded file: the paragraphs of a PDF (pdfjs-dist, legacy
 * build for Node) or of an HTML page (html-to-text). Runs in a worker thread (heavyTasks
 * `extractText`), whose deadline and heap cap bound a hostile file; the page count and the text
 * length are bounded here. Both libraries load on first use: pdfjs is megabytes of code (seconds to
 * load under tsx), which workers busy with exports should not pay for.
 */
import { AppError } from "../../shared/errors";

export type ExtractFormat = "pdf" | "html";

/** Most pages read from one PDF. */
export const EXTRACT_MAX_PAGES = 2_000;
/** Most characters of text extracted (a long report; captured text beyond it is refused). */
export const EXTRACT_MAX_CHARS = 1_000_000;

const HEADINGS = ["h1", "h2", "h3", "h4", "h5", "h6"].map((selector) => ({
  selector,
  options: { uppercase: false },
}));

/** Deepest element nesting read from a page (real pages stay under ~60; the parser recurses per level). */
export const HTML_MAX_DEPTH = 512;

/** Elements that never hold others, or whose end tag may be left out: they add no nesting here. */
const FLAT_ELEMENTS = new Set(
  "area base br col embed hr img input link meta source track wbr p li dt dd option tr td th".split(" "),
);

/**
 * The deepest nesting of a page's elements, read by a linear scan of its tags (an estimate: enough to
 * refuse a page built to overflow the parser's recursion before the parser sees it).
 */
export function htmlDepth(html: string): number {
  let depth = 0;
  let deepest = 0;
  const tag = /<(\/?)([A-Za-z][A-Za-z0-9-]*)[^<>]*?(\/?)>/g;
  for (let m = tag.exec(html); m !== null; m = tag.exec(html)) {
    const name = (m[2] ?? "").toLowerCase();
    if (FLAT_ELEMENTS.has(name) || m[3] === "/") continue;
    depth = m[1] === "/" ? Math.max(0, depth - 1) : depth + 1;
    deepest = Math.max(deepest, depth);
  }
  return deepest;
}

/** Paragraphs of an HTML page: block elements become paragraphs; scripts, styles and images are dropped. */
export async function htmlParagraphs(html: string): Promise<string[]> {
  if (htmlDepth(html) > HTML_MAX_DEPTH) {
    throw new AppError(
      "validation_failed",
      `the page nests elements more than ${HTML_MAX_DEPTH} levels deep`,
    );
  }
  const { convert } = await import("html-to-text");
  const text = convert(html, {
    wordwrap: false,
    selectors: [
      { selector: "a", options: { ignoreHref: true } },
      { selector: "img", format: "skip" },
      { selector: "ul", options: { itemPrefix: "• " } },
      ...HEADINGS,
    ],
  });
  return bounded(text.split("\n"));
}

interface TextItem {
  readonly str: string;
  readonly hasEOL: boolean;
  readonly transform: readonly number[];
  readonly height: number;
}

/**
 * Paragraphs of a PDF: its text lines in drawing order, a new paragraph where the gap to the
 * previous line is clearly wider than a line (or a page starts); a word hyphenated across lines
 * is joined.
 */
export async function pdfParagraphs(bytes: Uint8Array): Promise<string[]> {
  const { getDocument, VerbosityLevel } = await import("pdfjs-dist/legacy/build/pdf.mjs");
  let pdf: Awaited<ReturnType<typeof getDocument>["promise"]>;
  try {
    pdf = await getDocument({
      data: bytes,
      useSystemFonts: false,
      isEvalSupported: false,
      disableFontFace: true,
      stopAtErrors: true,
      // Text needs no glyph outlines: the missing standard fonts are expected, not worth a warning.
      verbosity: VerbosityLevel.ERRORS,
    }).promise;
  } catch (error) {
    throw new AppError("validation_failed", `the PDF cannot be read: ${(error as Error).message}`);
  }
  try {
    if (pdf.numPages > EXTRACT_MAX_PAGES) {
      throw new AppError("payload_too_large", `the PDF has more than ${EXTRACT_MAX_PAGES} pages`);
    }
    const paragraphs: string[] = [];
    let chars = 0;
    for (let p = 1; p <= pdf.numPages; p++) {
      const page = await pdf.getPage(p);
      const items = (await page.getTextContent()).items.filter((i): i is TextItem & typeof i => "str" in i);
      page.cleanup();
      for (const paragraph of pageParagraphs(items)) {
        chars += paragraph.length;
        if (chars > EXTRACT_MAX_CHARS) throw tooLong();
        paragraphs.push(paragraph);
      }
    }
    return paragraphs;
  } finally {
    await pdf.destroy();
  }
}

function pageParagraphs(items: readonly TextItem[]): string[] {
  const paragraphs: string[] = [];
  let current = "";
  let line = "";
  let lineY: number | null = null;
  let lineHeight = 0;
  let previousY: number | null = null;
  const endLine = (): void => {
    const text = line.replace(/\s+/g, " ").trim();
    if (text !== "" && lineY !== null) {
      const gap = previousY === null ? 0 : previousY - lineY;
      if (current !== "" && (gap > lineHeight * 1.8 || gap < 0)) {
        paragraphs.push(current);
        current = "";
      }
      current =
        current === ""
          ? text
          : /\w-$/.test(current)
            ? `${current.slice(0, -1)}${text}`
            : `${current} ${text}`;
      previousY = lineY;
    }
    line = "";
    lineY = null;
  };
  for (const item of items) {
    if (lineY === null && item.str.trim() !== "") {
      lineY = item.transform[5] ?? 0;
      lineHeight = Math.max(item.height, 1);
    }
    line += item.str;
    if (item.hasEOL) endLine();
  }
  endLine();
  if (current !== "") paragraphs.push(current);
  return paragraphs;
}

const tooLong = (): AppError =>
  new AppError(
    "payload_too_large",
    `the text is longer than ${EXTRACT_MAX_CHARS.toLocaleString("en")} characters`,
  );

function bounded(lines: readonly string[]): string[] {
  const paragraphs = lines.map((l) => l.replace(/\s+/g, " ").trim()).filter((l) => l !== "");
  if (paragraphs.reduce((n, p) => n + p.length, 0) > EXTRACT_MAX_CHARS) throw tooLong();
  return paragraphs;
}

/** The paragraphs of a PDF or HTML file. */
export async function extractParagraphs(format: ExtractFormat, bytes: Uint8Array): Promise<string[]> {
  if (format === "pdf") return pdfParagraphs(bytes);
  return htmlParagraphs(new TextDecoder("utf-8").decode(bytes));
}
