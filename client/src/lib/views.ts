/** The grid's views of the ratings: mine, the team consensus, disagreement, or two analysts compared. */
export const VIEW_MODES = ["mine", "consensus", "disagreement", "compare"] as const;
export type ViewMode = (typeof VIEW_MODES)[number];

export const VIEW_LABELS: Readonly<Record<ViewMode, string>> = {
  mine: "My ratings",
  consensus: "Team consensus",
  disagreement: "Disagreement",
  compare: "Compare",
};
