/**
 * Our own line layout on top of pdfkit: styled spans are wrapped greedily into lines (measured with
 * the real font), then each line is drawn piece by piece. Owning the layout lets us measure a table
 * cell before drawing it, break a 10 000-character claim across pages line by line, and order
 * right-to-left runs (Arabic, Dari, Pashto) with the Unicode bidi algorithm; fontkit shapes each
 * run and reverses RTL glyphs itself, so runs are handed over in logical order.
 */
import bidiFactory from "bidi-js";
import type { FontStyle } from "./pdfFonts";

export interface Span {
  readonly text: string;
  readonly style: FontStyle;
  readonly link?: string;
  readonly color?: string;
}

interface Piece {
  readonly text: string;
  readonly style: FontStyle;
  readonly link: string | undefined;
  readonly color: string | undefined;
  readonly width: number;
}

export interface Line {
  readonly pieces: readonly Piece[];
  readonly width: number;
}

/** What the layout needs from a pdfkit document (so it can be tested without one). */
export interface Measurer {
  widthOf(text: string, style: FontStyle, size: number): number;
}

const RTL_CHARS = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/;
const bidi = bidiFactory();

/** True when the text needs bidi processing. */
export const hasRtl = (text: string): boolean => RTL_CHARS.test(text);

/** Control characters (other than tab/newline) would reach the PDF as garbage glyphs. */
const CONTROL = /[\p{Cc}\u200E\u200F\u202A-\u202E\u2066-\u2069]/gu;

export function cleanText(text: string): string {
  return text.replace(CONTROL, (ch) => (ch === "\n" || ch === "\r" ? ch : ch === "\t" ? " " : ""));
}

function sameLook(a: Piece, b: { style: FontStyle; link?: string | undefined; color?: string | undefined }) {
  return a.style === b.style && a.link === b.link && a.color === b.color;
}

/** Break one over-long word into chunks that fit `width` (per-character widths, no O(n²) re-measure). */
function splitLongWord(m: Measurer, word: string, style: FontStyle, size: number, width: number): string[] {
  const out: string[] = [];
  let current = "";
  let w = 0;
  for (const ch of word) {
    const cw = m.widthOf(ch, style, size);
    if (w + cw > width && current !== "") {
      out.push(current);
      current = "";
      w = 0;
    }
    current += ch;
    w += cw;
  }
  if (current !== "") out.push(current);
  return out;
}

/**
 * Wrap spans into lines no wider than `width`. Newlines in span text force breaks. `maxLines`
 * truncates with an ellipsis (matrix cells stay a bounded height).
 */
export function layoutSpans(
  m: Measurer,
  spans: readonly Span[],
  size: number,
  width: number,
  maxLines = Number.POSITIVE_INFINITY,
): Line[] {
  const lines: Line[] = [];
  let pieces: Piece[] = [];
  let lineWidth = 0;
  let pendingSpace: Piece | null = null;
  const flush = (): boolean => {
    lines.push({ pieces, width: lineWidth });
    pieces = [];
    lineWidth = 0;
    pendingSpace = null;
    return lines.length < maxLines;
  };
  const push = (p: Piece): void => {
    const last = pieces.at(-1);
    if (last && sameLook(last, p))
      pieces[pieces.length - 1] = { ...last, text: last.text + p.text, width: last.width + p.width };
    else pieces.push(p);
    lineWidth += p.width;
  };
  outer: for (const span of spans) {
    const text = cleanText(span.text);
    const paragraphs = text.split(/\r?\n/);
    for (let pi = 0; pi < paragraphs.length; pi++) {
      if (pi > 0 && !flush()) break outer;
      for (const token of (paragraphs[pi] ?? "").split(/(\s+)/)) {
        if (token === "") continue;
        const look = { style: span.style, link: span.link, color: span.color };
        if (/^\s+$/.test(token)) {
          if (pieces.length > 0)
            pendingSpace = { ...look, text: " ", width: m.widthOf(" ", span.style, size) };
          continue;
        }
        const w = m.widthOf(token, span.style, size);
        const spaceW = pendingSpace?.width ?? 0;
        if (lineWidth + spaceW + w <= width || (pieces.length === 0 && w <= width)) {
          if (pendingSpace) push(pendingSpace);
          pendingSpace = null;
          push({ ...look, text: token, width: w });
          continue;
        }
        if (pieces.length > 0 && !flush()) break outer;
        const chunks = w <= width ? [token] : splitLongWord(m, token, span.style, size, width);
        for (let ci = 0; ci < chunks.length; ci++) {
          const chunk = chunks[ci] ?? "";
          push({ ...look, text: chunk, width: m.widthOf(chunk, span.style, size) });
          if (ci < chunks.length - 1 && !flush()) break outer;
        }
      }
    }
  }
  if (pieces.length > 0 || lines.length === 0) lines.push({ pieces, width: lineWidth });
  if (lines.length > maxLines || (lines.length === maxLines && spansLonger(spans, lines))) {
    const kept = lines.slice(0, maxLines);
    const last = kept[kept.length - 1];
    if (last) kept[kept.length - 1] = withEllipsis(m, last, size, width);
    return kept;
  }
  return lines;
}

function spansLonger(spans: readonly Span[], lines: readonly Line[]): boolean {
  const total = spans.reduce((n, s) => n + cleanText(s.text).replace(/\s+/g, "").length, 0);
  const shown = lines.reduce(
    (n, l) => n + l.pieces.reduce((k, p) => k + p.text.replace(/\s+/g, "").length, 0),
    0,
  );
  return shown < total;
}

function withEllipsis(m: Measurer, line: Line, size: number, width: number): Line {
  const pieces = [...line.pieces];
  let w = line.width;
  const last = pieces.pop();
  if (!last) return line;
  const ell = m.widthOf("…", last.style, size);
  let text = last.text;
  w -= last.width;
  while (text.length > 0 && w + m.widthOf(text, last.style, size) + ell > width) text = text.slice(0, -1);
  const piece = {
    ...last,
    text: `${text.trimEnd()}…`,
    width: m.widthOf(`${text.trimEnd()}…`, last.style, size),
  };
  return { pieces: [...pieces, piece], width: w + piece.width };
}

/** A drawable run of one look, in visual (left-to-right) order. */
export interface VisualRun extends Piece {
  readonly rtl: boolean;
}

/** Visual order of a line's pieces: split where the bidi level changes, then reverse (UAX #9 rule L2). */
export function visualRuns(m: Measurer, line: Line, size: number): { runs: VisualRun[]; rtlBase: boolean } {
  const text = line.pieces.map((p) => p.text).join("");
  if (!hasRtl(text)) return { runs: line.pieces.map((p) => ({ ...p, rtl: false })), rtlBase: false };
  const { levels, paragraphs } = bidi.getEmbeddingLevels(text);
  const rtlBase = (paragraphs[0]?.level ?? 0) % 2 === 1;
  const runs: { piece: Piece; text: string; level: number }[] = [];
  let offset = 0;
  for (const p of line.pieces) {
    let start = 0;
    for (let i = 1; i <= p.text.length; i++) {
      const level = levels[offset + start] ?? 0;
      if (i === p.text.length || (levels[offset + i] ?? 0) !== level) {
        runs.push({ piece: p, text: p.text.slice(start, i), level });
        start = i;
      }
    }
    offset += p.text.length;
  }
  const maxLevel = Math.max(...runs.map((r) => r.level));
  const minOdd = Math.min(...runs.map((r) => r.level).filter((l) => l % 2 === 1), maxLevel + 1);
  for (let level = maxLevel; level >= minOdd; level--) {
    for (let i = 0; i < runs.length; ) {
      if ((runs[i]?.level ?? 0) < level) {
        i++;
        continue;
      }
      let j = i;
      while (j < runs.length && (runs[j]?.level ?? 0) >= level) j++;
      const reversed = runs.slice(i, j).reverse();
      runs.splice(i, j - i, ...reversed);
      i = j;
    }
  }
  return {
    rtlBase,
    runs: runs.map((r) => ({
      ...r.piece,
      text: r.level % 2 === 1 ? mirror(r.text) : r.text,
      width: m.widthOf(r.text, r.piece.style, size),
      rtl: r.level % 2 === 1,
    })),
  };
}

function mirror(text: string): string {
  let out = "";
  for (const ch of text) out += bidi.getMirroredCharacter(ch) ?? ch;
  return out;
}
