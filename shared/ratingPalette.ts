/**
 * Colours of rating codes, shared by the grid and the PDF so a printed matrix reads like the screen.
 * Blue ↔ orange diverging scale (safe for the common colour-vision deficiencies); the letter code is
 * always printed too, so colour is never the only channel. Text colours meet WCAG AA on their fill.
 */
import type { RatingCode } from "./schema/vocabulary";

export interface RatingSwatch {
  readonly fill: string;
  readonly text: string;
}

export const RATING_PALETTE: Readonly<Record<RatingCode, RatingSwatch>> = {
  CC: { fill: "#2166ac", text: "#ffffff" },
  C: { fill: "#9ecae1", text: "#0b1f33" },
  N: { fill: "#f2f2f2", text: "#262626" },
  I: { fill: "#fdb863", text: "#3d2300" },
  II: { fill: "#b35806", text: "#ffffff" },
  NA: { fill: "#d0d0d0", text: "#404040" },
};

/** An unrated cell: distinct from Neutral. */
export const UNRATED_SWATCH: RatingSwatch = { fill: "#ffffff", text: "#8a8a8a" };
