/** The Admiralty grading words shown beside the letters and digits (evidence rows and sources). */

export const RELIABILITY_LABELS: Readonly<Record<string, string>> = {
  "": "Not graded",
  A: "A — Completely reliable",
  B: "B — Usually reliable",
  C: "C — Fairly reliable",
  D: "D — Not usually reliable",
  E: "E — Unreliable",
  F: "F — Cannot be judged",
};

export const CREDIBILITY_LABELS: Readonly<Record<string, string>> = {
  "": "Not graded",
  "1": "1 — Confirmed",
  "2": "2 — Probably true",
  "3": "3 — Possibly true",
  "4": "4 — Doubtful",
  "5": "5 — Improbable",
  "6": "6 — Cannot be judged",
};
