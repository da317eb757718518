/**
 * Rating colours of the PDF: the same values as the grid's `--r-*` variables in
 * client/src/styles.css, so a printed matrix reads like the screen. Blue ↔ orange diverging scale
 * (safe for the common colour-vision deficiencies); the letter code is always printed too.
 */
import type { RatingCode } from "../../../shared/schema/vocabulary";

export interface RatingSwatch {
  readonly fill: string;
  readonly text: string;
}

export const RATING_PALETTE: Readonly<Record<RatingCode, RatingSwatch>> = {
  CC: { fill: "#2166ac", text: "#ffffff" },
  C: { fill: "#a6cee3", text: "#0b2540" },
  N: { fill: "#e6e6e6", text: "#2b2b2b" },
  I: { fill: "#fdb863", text: "#4a2600" },
  II: { fill: "#b35806", text: "#ffffff" },
  /** Drawn hatched (white / #ececec), as on screen. */
  NA: { fill: "#ffffff", text: "#4d4d4d" },
};

/** An unrated cell: distinct from Neutral. */
export const UNRATED_SWATCH: RatingSwatch = { fill: "#ffffff", text: "#8a8a8a" };
