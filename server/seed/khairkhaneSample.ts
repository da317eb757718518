/**
 * The sample analysis shipped with every new instance: the Taliban night raid in Khairkhane, Kabul,
 * on 12–13 November 2022, summarised in our own words from open-source reporting (Afghan Witness,
 * 14 Nov 2022). Two sample analysts rate it and disagree on some cells, so every view has content;
 * every row cites the passage of a source it rests on (`khairkhaneSources.ts`).
 * It is created once, as Yjs binary, on first start of an empty store (see `sampleAnalysis.ts`).
 */
import type { AnalysisJsonInput } from "../../shared/schema/analysisJson";
import type { RatingCode } from "../../shared/schema/vocabulary";
import { SAMPLE_CITATIONS, SAMPLE_SOURCES } from "./khairkhaneSources";

export const SAMPLE_ANALYSIS_ID = "sample-khairkhane-raid";
export const SAMPLE_ANALYSTS = [
  { id: "u-sample-mariam", name: "Mariam - sample analyst" },
  { id: "u-sample-jonas", name: "Jonas - sample analyst" },
] as const;

const H = { iskp: "h-iskp", nrf: "h-nrf", retaliation: "h-retaliation" } as const;

const evidence = [
  {
    id: "e01",
    claim:
      'The Taliban Ministry of Interior spokesperson called the night\'s fighting a "cleaning operation".',
    source: "Abdul Nafee Takour, MoI spokesperson (via media)",
    date: "2022-11-12",
    type: "official_statement",
    credibility: "medium",
    relevance: "low",
    reliability: "C",
    infoCredibility: "3",
  },
  {
    id: "e02",
    claim:
      "The Islamic Emirate's spokesperson said special forces raided an ISKP hideout in Police District 15, killing five ISKP members and recovering weapons, grenades, remote triggers and explosives.",
    source: "Zabihullah Mujahid, Islamic Emirate spokesperson",
    date: "2022-11-13",
    type: "official_statement",
    credibility: "low",
    relevance: "high",
    reliability: "D",
    infoCredibility: "4",
  },
  {
    id: "e03",
    claim:
      "From about 23:00 social media reported explosions and gunfire in Khairkhane lasting several hours.",
    source: "Social media posts, collected by media",
    date: "2022-11-12",
    type: "social_media",
    credibility: "medium",
    relevance: "medium",
    reliability: "F",
    infoCredibility: "2",
  },
  {
    id: "e04",
    claim:
      "Residents said Taliban forces closed the roads and took positions on the roofs of neighbouring houses.",
    source: "Residents quoted in media reports",
    date: "2022-11-12",
    type: "eyewitness",
    credibility: "medium",
    relevance: "medium",
    reliability: "C",
    infoCredibility: "3",
  },
  {
    id: "e05",
    claim:
      "The General Directorate of Intelligence (GDI) posted night-time video of the operation showing gunfire and explosions; the target building cannot be geolocated from it.",
    source: "GDI Twitter account",
    date: "2022-11-13",
    type: "imagery_video",
    credibility: "medium",
    relevance: "medium",
    reliability: "C",
    infoCredibility: "2",
  },
  {
    id: "e06",
    claim:
      "Footage and photos of the dead show five different men; nothing in them shows the men armed or wearing protective gear when they died.",
    source: "Afghan Witness analysis of circulated footage",
    date: "2022-11-13",
    type: "imagery_video",
    credibility: "high",
    relevance: "high",
    reliability: "B",
    infoCredibility: "2",
  },
  {
    id: "e07",
    claim:
      "The Panjsad area of Khairkhane is mostly home to people from Panjshir and Tajiks, and is reported to include people affiliated with the NRF.",
    source: "Natiq Malikzada; Independent Persian",
    date: "2022-11-13",
    type: "media_report",
    credibility: "medium",
    relevance: "medium",
    reliability: "C",
    infoCredibility: "3",
  },
  {
    id: "e08",
    claim:
      "Several local sources told Amu that the men killed were resistance collaborators from Panjshir, not ISKP members.",
    source: "Amu TV (local sources)",
    date: "2022-11-13",
    type: "media_report",
    credibility: "medium",
    relevance: "high",
    reliability: "C",
    infoCredibility: "3",
  },
  {
    id: "e09",
    claim: "A local resident quoted by RFI Farsi made the same claim: the dead were not ISKP.",
    source: "RFI Farsi (one resident)",
    date: "2022-11-13",
    type: "media_report",
    credibility: "medium",
    relevance: "medium",
    reliability: "B",
    infoCredibility: "4",
  },
  {
    id: "e10",
    claim:
      "Journalist Natiq Malikzada wrote that ISKP has become a convenient excuse for the Taliban to hide their crimes.",
    source: "Natiq Malikzada (journalist), social media",
    date: "2022-11-13",
    type: "expert_assessment",
    credibility: "low",
    relevance: "low",
    reliability: "C",
    infoCredibility: "5",
  },
  {
    id: "e11",
    claim:
      'Social media users claimed the raid was an operation to arrest Resistance Front members "under the name of ISIS".',
    source: "Social media users",
    date: "2022-11-13",
    type: "social_media",
    credibility: "low",
    relevance: "medium",
    reliability: "F",
    infoCredibility: "4",
  },
  {
    id: "e12",
    claim:
      "Precedent, 6 July 2022: a raid the Taliban called an ISKP hideout in Khairkhane's 315 neighbourhood (PD 11), at least three dead, was assessed by investigators as retaliation after an attack on a Taliban checkpoint, with no verifiable ISKP link.",
    source: "Afghan Witness investigation",
    date: "2022-07-06",
    type: "historical_precedent",
    credibility: "high",
    relevance: "medium",
    reliability: "B",
    infoCredibility: "2",
  },
  {
    id: "e13",
    claim:
      "Precedent, 21 October 2022: in another claimed ISKP hideout raid (PD 8) four men died; at least two wore tactical vests, suggesting they were ready to fight.",
    source: "Afghan Witness investigation",
    date: "2022-10-21",
    type: "historical_precedent",
    credibility: "medium",
    relevance: "low",
    reliability: "B",
    infoCredibility: "3",
  },
  {
    id: "e14",
    claim: "No ISKP statement claiming the five dead as its members has been found in the reporting.",
    source: "Collection gap (our search)",
    date: "2022-11-14",
    type: "absence_of_evidence",
    credibility: "medium",
    relevance: "medium",
    reliability: "",
    infoCredibility: "",
  },
  {
    id: "e15",
    claim:
      "No report of an attack on a Taliban checkpoint in or near Khairkhane in the days before the raid has been found.",
    source: "Collection gap (our search)",
    date: "2022-11-14",
    type: "absence_of_evidence",
    credibility: "medium",
    relevance: "high",
    reliability: "",
    infoCredibility: "",
  },
] as const;

type Row = readonly [RatingCode, RatingCode, RatingCode];

/** Ratings per evidence row as [ISKP, NRF, retaliation]; the two analysts disagree on several cells. */
const RATINGS: Readonly<Record<string, { mariam: Row; jonas: Row }>> = {
  e01: { mariam: ["N", "N", "N"], jonas: ["C", "N", "N"] },
  e02: { mariam: ["C", "I", "I"], jonas: ["CC", "I", "N"] },
  e03: { mariam: ["C", "C", "C"], jonas: ["C", "C", "C"] },
  e04: { mariam: ["N", "N", "N"], jonas: ["N", "C", "N"] },
  e05: { mariam: ["C", "C", "C"], jonas: ["C", "N", "C"] },
  e06: { mariam: ["I", "C", "C"], jonas: ["II", "C", "N"] },
  e07: { mariam: ["N", "C", "N"], jonas: ["I", "CC", "N"] },
  e08: { mariam: ["I", "CC", "N"], jonas: ["I", "C", "N"] },
  e09: { mariam: ["I", "C", "N"], jonas: ["N", "C", "N"] },
  e10: { mariam: ["N", "C", "N"], jonas: ["N", "C", "NA"] },
  e11: { mariam: ["N", "C", "N"], jonas: ["I", "C", "N"] },
  e12: { mariam: ["I", "C", "C"], jonas: ["N", "N", "CC"] },
  e13: { mariam: ["C", "N", "N"], jonas: ["C", "N", "I"] },
  e14: { mariam: ["I", "C", "C"], jonas: ["N", "N", "N"] },
  e15: { mariam: ["N", "N", "I"], jonas: ["N", "N", "II"] },
};

function cellsOf(analyst: "mariam" | "jonas"): Record<string, RatingCode> {
  const cells: Record<string, RatingCode> = {};
  const order = [H.iskp, H.nrf, H.retaliation];
  for (const [evidenceId, row] of Object.entries(RATINGS)) {
    row[analyst].forEach((code, i) => {
      cells[`${evidenceId}:${order[i]}`] = code;
    });
  }
  return cells;
}

const para = (text: string) => ({ type: "paragraph", content: [{ type: "text", text }] });

export const SAMPLE_ANALYSIS: AnalysisJsonInput = {
  schemaVersion: 2,
  title: "Khairkhane night raid, Kabul (12–13 Nov 2022)",
  question:
    "Who were the five men killed in the Taliban's night raid in Khairkhane, Kabul, on 12–13 November 2022, and why were they targeted?",
  classification: "UNCLASSIFIED // open sources // sample analysis",
  description: {
    type: "doc",
    content: [
      para(
        "On the night of 12 November 2022 residents of Khairkhane (Kabul) reported hours of gunfire and explosions. The next day the Taliban said their special forces had destroyed an ISKP hideout and killed five ISKP members. Residents, opposition campaigners and local sources said the dead were Panjshiris and Tajiks linked to the National Resistance Front (NRF), and that ISKP was used as cover.",
      ),
      para(
        "Earlier raids the Taliban described as operations against ISKP in Kabul (July and October 2022) give precedents both ways. This sample analysis weighs three explanations against the open-source evidence.",
      ),
    ],
  },
  hypotheses: [
    {
      id: H.iskp,
      title: "ISKP cell",
      description:
        "The men were members of an Islamic State Khorasan Province cell, as the Taliban claimed, and the raid was a counter-terrorism operation.",
    },
    {
      id: H.nrf,
      title: "NRF (resistance) collaborators",
      description:
        "The men were Panjshiri/Tajik residents collaborating with the National Resistance Front; the ISKP label covered a raid against the armed opposition's supporters.",
    },
    {
      id: H.retaliation,
      title: "Retaliation after a checkpoint attack",
      description:
        "The raid was retaliation after an attack by unknown forces on a Taliban checkpoint in the area, as investigators concluded for the July 2022 Khairkhane raid.",
    },
  ],
  sources: [...SAMPLE_SOURCES],
  evidence: evidence.map((e) => {
    const cited = SAMPLE_CITATIONS[e.id];
    return {
      ...e,
      flagged: false,
      url: "",
      citations: cited ? [{ sourceId: cited.sourceId, quote: { exact: cited.exact } }] : [],
    };
  }),
  milestones: [
    { hypothesisId: H.iskp, text: "ISKP (or Amaq) claims the dead as its members" },
    { hypothesisId: H.iskp, text: "Independent imagery of the recovered weapons and explosives" },
    { hypothesisId: H.nrf, text: "Families or the NRF name the dead and their affiliation" },
    { hypothesisId: H.nrf, text: "Further arrests of Panjshiri residents in Khairkhane" },
    {
      hypothesisId: H.retaliation,
      text: "Reports of a checkpoint attack in PD 15 before 12 November surface",
    },
  ],
  ratings: {
    [SAMPLE_ANALYSTS[0].id]: { name: SAMPLE_ANALYSTS[0].name, cells: cellsOf("mariam") },
    [SAMPLE_ANALYSTS[1].id]: { name: SAMPLE_ANALYSTS[1].name, cells: cellsOf("jonas") },
  },
};
