/**
 * Others' ratings under my own in a cell, drawn by ONE element: each analyst's mark is a box-shadow
 * of an invisible 10 × 6 px box, so a row of 20 cells × 5 analysts is 20 elements, not 100 (the
 * grid mounts rows on every scrolled frame). Pure: the grid and tests share the encoding.
 */
import type { CSSProperties } from "react";
import type { RatingCode } from "../../../shared/schema/vocabulary";

/** Width of a mark plus the gap to the next one (px); the CSS gives the box 10 px. */
const PITCH = 12;

const FILL: Readonly<Record<RatingCode, string>> = {
  CC: "var(--r-cc-bg)",
  C: "var(--r-c-bg)",
  N: "var(--r-n-bg)",
  I: "var(--r-i-bg)",
  II: "var(--r-ii-bg)",
  NA: "#ececec",
};

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
    const fill = FILL[code];
    return [`${x}px 0 0 -1px ${fill}`, `${x}px 0 0 0 color-mix(in srgb, ${fill} 82%, #000)`];
  });
  // The box sits one pitch left of the first mark; centre the marks, not the box.
  const strip = PITCH * codes.length - 2;
  return { boxShadow: shadows.join(", "), marginLeft: `calc(50% - ${PITCH + strip / 2}px)` };
}
