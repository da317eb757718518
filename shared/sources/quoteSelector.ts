/**
 * W3C Web Annotation TextQuoteSelector over plain text: the quoted passage (`exact`) with a little
 * context each side. It names a passage by its words, so it survives what positions do not: an
 * export and import, a re-pasted text, a document rebuilt from JSON.
 *
 * Finding a selector: every exact occurrence is scored by how much of the prefix and suffix agree
 * with the text around it (ties go to the occurrence nearest the hint). When the words no longer
 * match exactly, a tolerant pass ignores case, runs of white space and typographic quotes and
 * dashes (what re-pasting from a PDF or a web page changes).
 */
import { Limits } from "../limits";

export interface TextQuoteSelector {
  readonly exact: string;
  readonly prefix: string;
  readonly suffix: string;
}

/** A passage of plain text: `start` inclusive, `end` exclusive (UTF-16 offsets). */
export interface TextRange {
  readonly start: number;
  readonly end: number;
}

/** The selector of `text[start, end)`, with `context` characters of prefix and suffix. */
export function quoteSelector(
  text: string,
  start: number,
  end: number,
  context: number = Limits.quoteContextLength,
): TextQuoteSelector {
  const from = Math.max(0, Math.min(start, end, text.length));
  const to = Math.min(text.length, Math.max(start, end));
  return {
    exact: text.slice(from, to),
    prefix: text.slice(Math.max(0, from - context), from),
    suffix: text.slice(to, to + context),
  };
}

/** Characters at the end of `a` that agree with the end of `b`. */
function commonSuffixLength(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[a.length - 1 - n] === b[b.length - 1 - n]) n++;
  return n;
}

function commonPrefixLength(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}

function occurrences(text: string, exact: string): number[] {
  const found: number[] = [];
  if (exact.length === 0) return found;
  for (let i = text.indexOf(exact); i !== -1; i = text.indexOf(exact, i + 1)) found.push(i);
  return found;
}

/** The best of `starts` for a quote of `length`: most context agreeing, then nearest `hint`. */
function bestOccurrence(
  text: string,
  starts: readonly number[],
  length: number,
  selector: TextQuoteSelector,
  hint: number | undefined,
): number | undefined {
  let best: number | undefined;
  let bestScore = -1;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const start of starts) {
    const before = text.slice(Math.max(0, start - selector.prefix.length), start);
    const after = text.slice(start + length, start + length + selector.suffix.length);
    const score = commonSuffixLength(before, selector.prefix) + commonPrefixLength(after, selector.suffix);
    const distance = hint === undefined ? 0 : Math.abs(start - hint);
    if (score > bestScore || (score === bestScore && distance < bestDistance)) {
      best = start;
      bestScore = score;
      bestDistance = distance;
    }
  }
  return best;
}

const TYPOGRAPHIC: Readonly<Record<string, string>> = {
  "\u2018": "'",
  "\u2019": "'",
  "\u201A": "'",
  "\u201B": "'",
  "\u201C": '"',
  "\u201D": '"',
  "\u201E": '"',
  "\u2013": "-",
  "\u2014": "-",
  "\u2212": "-",
  "\u00A0": " ",
};

/**
 * `text` lowercased, typographic marks made plain and white-space runs made one space, with the
 * offset in `text` of each normalized character (and one past the end), to map matches back.
 */
function normalize(text: string): { readonly text: string; readonly offsets: number[] } {
  let out = "";
  const offsets: number[] = [];
  let inSpace = false;
  for (let i = 0; i < text.length; i++) {
    const raw = text[i] as string;
    const c = TYPOGRAPHIC[raw] ?? raw;
    if (/\s/.test(c)) {
      if (inSpace) continue;
      inSpace = true;
      out += " ";
    } else {
      inSpace = false;
      out += c.toLowerCase();
    }
    offsets.push(i);
  }
  offsets.push(text.length);
  return { text: out, offsets };
}

/**
 * Where `selector` sits in `text`, or null when its words are no longer there. `hint` (a former
 * start offset) breaks ties between equally good occurrences.
 */
export function findQuote(text: string, selector: TextQuoteSelector, hint?: number): TextRange | null {
  const exact = bestOccurrence(
    text,
    occurrences(text, selector.exact),
    selector.exact.length,
    selector,
    hint,
  );
  if (exact !== undefined) return { start: exact, end: exact + selector.exact.length };
  const hay = normalize(text);
  const needle = normalize(selector.exact).text.trim();
  if (needle.length === 0) return null;
  const loose: TextQuoteSelector = {
    exact: needle,
    prefix: normalize(selector.prefix).text,
    suffix: normalize(selector.suffix).text,
  };
  const hintAt = hint === undefined ? undefined : hay.offsets.findIndex((o) => o >= hint);
  const at = bestOccurrence(hay.text, occurrences(hay.text, needle), needle.length, loose, hintAt);
  if (at === undefined) return null;
  const start = hay.offsets[at] as number;
  // One past the last matched character, in the original text.
  const end = (hay.offsets[at + needle.length - 1] as number) + 1;
  return { start, end };
}
