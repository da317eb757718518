/**
 * Others' ratings under my own in a cell, drawn by ONE element: each analyst's mark is a box-shadow
 * of an invisible 10 × 6 px box, so a row of 20 cells × 5 analysts is 20 elements, not 100 (the
 * grid mounts rows on every scrolled frame). Pure: the grid and tests share the encoding.
 */
import type { CSSProperties } from "react";
import type { RatingCode } from "../../../shared/schema/vocabulary";

/** Width of a mark plus the gap to the next one (px); the CSS gives the box 10 px. */
const PITCH = 12;

/**
 * Each rating's colour as a literal, the values of `--r-*-bg` in design/tokens.css (a unit test
 * keeps them equal). Literal on purpose: a `var()` in an inline style is parsed again for every
 * element at each style recalc, and every cell with marks carries one, on every scrolled frame.
 */
export const MARK_FILL: Readonly<Record<RatingCode, string>> = {
  CC: "#2166ac",
  C: "#a6cee3",
  N: "light-dark(#e6e6e6, #c9c9c9)",
  I: "#fdb863",
  II: "#b35806",
  NA: "#ececec",
};

/** A hex colour 18 % darker: what `color-mix(in srgb, <hex> 82%, #000)` gives. */
const darker = (hex: string): string =>
  `#${[1, 3, 5]
    .map((i) =>
      Math.round(Number.parseInt(hex.slice(i, i + 2), 16) * 0.82)
        .toString(16)
        .padStart(2, "0"),
    )
    .join("")}`;

/** The darker ring around each mark, literal too (`light-dark()` pairs darkened side by side). */
const RING: Readonly<Record<RatingCode, string>> = Object.fromEntries(
  Object.entries(MARK_FILL).map(([code, fill]) => [code, fill.replace(/#[0-9a-f]{6}/g, darker)]),
) as Record<RatingCode, string>;

/** Others' ratings as the cell carries them: `userId:code` pairs joined by a space. */
export const encodeOthers = (pairs: readonly (readonly [userId: string, code: RatingCode])[]): string =>
  pairs.map(([userId, code]) => `${userId}:${code}`).join(" ");

/** The codes of an encoded list, in order. */
export const othersCodes = (others: string): RatingCode[] =>
  others === "" ? [] : others.split(" ").map((pair) => pair.slice(pair.lastIndexOf(":") + 1) as RatingCode);

/**
 * Style of the marks' element: one mark per code, side by side, centred in the cell; each mark is
 * its rating's colour with a ring 18 % darker (what an outline of `rgb(0 0 0 / 18%)` gave).
 */
export function otherMarksStyle(codes: readonly RatingCode[]): CSSProperties {
  const shadows = codes.flatMap((code, i) => {
    const x = PITCH * (i + 1);
    return [`${x}px 0 0 -1px ${MARK_FILL[code]}`, `${x}px 0 0 0 ${RING[code]}`];
  });
  // The box sits one pitch left of the first mark; centre the marks, not the box.
  const strip = PITCH * codes.length - 2;
  return { boxShadow: shadows.join(", "), marginLeft: `calc(50% - ${PITCH + strip / 2}px)` };
}
