/**
 * The sample's source library: the Afghan Witness report and the outlets it cites, each with
 * captured text written in our own words (a summary of what the outlet said as the report relays
 * it, not a copy), and the passage each evidence row rests on. Quotes are exact substrings of the
 * captured text, so import anchors every citation.
 */

/** Source ids, so the evidence rows can name them. */
export const S = {
  report: "s-aw-report",
  interior: "s-moi-takour",
  mujahid: "s-mujahid-statement",
  gdi: "s-gdi-video",
  malikzada: "s-malikzada",
  amu: "s-amu",
  rfi: "s-rfi-farsi",
  july: "s-aw-july",
  october: "s-aw-october",
} as const;

const lines = (...paragraphs: string[]): string => paragraphs.join("\n");

export const SAMPLE_SOURCES = [
  {
    id: S.report,
    title: "Taliban claim raid on ISKP cell in Kabul",
    kind: "article",
    publisher: "Afghan Witness",
    publishedAt: "2022-11-14",
    retrievedAt: "2026-01-10",
    language: "en",
    reliability: "B",
    text: lines(
      "Summary in our words of the Afghan Witness report of 14 November 2022.",
      "On the evening of 12 November, from around 23:00 posts on social media reported explosions and gunfire in Khairkhane that went on for several hours. According to media reports, residents told reporters that Taliban fighters closed the roads and took up positions on the roofs of nearby houses.",
      "Afghan Witness investigators reviewed footage and photos of the dead. Five different bodies can be told apart, but nothing in the material shows that the men were armed or wore protective gear when they died.",
      "Beyond the official account, social media users claimed the operation was meant to arrest Resistance Front members under the name of ISIS, and local media said the dead were Panjshiri collaborators of the resistance.",
      "The report cites no statement from ISKP itself claiming the dead as its members. Unlike the July case, the report mentions no attack on a Taliban checkpoint in the days before this raid.",
    ),
  },
  {
    id: S.interior,
    title: "Interior Ministry spokesperson on the Khairkhane fighting",
    kind: "official_statement",
    publisher: "Abdul Nafee Takour, Taliban Ministry of Interior",
    publishedAt: "2022-11-12",
    reliability: "C",
    text: lines(
      "Relayed by the media on the night of the fighting.",
      'The ministry\'s spokesperson described the fighting in Khairkhane as a "cleaning operation" and gave no further detail about who was targeted.',
    ),
  },
  {
    id: S.mujahid,
    title: "Islamic Emirate statement on the Police District 15 operation",
    kind: "official_statement",
    publisher: "Zabihullah Mujahid, Islamic Emirate spokesperson",
    publishedAt: "2022-11-13",
    reliability: "D",
    text: lines(
      "Statement issued the day after the raid.",
      "According to the spokesperson, special forces had raided an ISKP hideout in Police District 15 and killed five of its members.",
      "He said weapons, hand grenades, remote triggers and explosives were found at the site.",
    ),
  },
  {
    id: S.gdi,
    title: "GDI video post of the special operation",
    kind: "video",
    publisher: "General Directorate of Intelligence (Twitter account)",
    publishedAt: "2022-11-13",
    reliability: "D",
    text: lines(
      "Description of the posted video (graphic content).",
      "The post shows night-time footage of gunfire and explosions during the operation.",
      "The footage is too dark to geolocate the building that was targeted.",
    ),
  },
  {
    id: S.malikzada,
    title: "Comment by journalist Natiq Malikzada",
    kind: "social_post",
    publisher: "Natiq Malikzada",
    publishedAt: "2022-11-13",
    reliability: "C",
    text: lines(
      "Posts by the Afghan journalist after the raid, as relayed in the report.",
      "He wrote that ISKP has become a convenient excuse for the Taliban to hide their crimes.",
      "He added that the Panjsad area of Khairkhane is home mainly to Panjshiris and Tajiks and, citing Independent Persian, that it is known to house people linked to the NRF.",
    ),
  },
  {
    id: S.amu,
    title: "Amu: local sources on the men killed in Khairkhane",
    kind: "article",
    publisher: "Amu TV",
    publishedAt: "2022-11-13",
    reliability: "C",
    text: lines(
      "Report by a newer platform covering Afghanistan from North America.",
      "Several local sources told Amu that the men killed were resistance collaborators from Panjshir and not ISKP members.",
    ),
  },
  {
    id: S.rfi,
    title: "RFI Farsi: resident disputes the ISKP account",
    kind: "interview",
    publisher: "RFI Farsi",
    publishedAt: "2022-11-13",
    language: "fa",
    reliability: "C",
    text: lines(
      "Interview with a resident of the area by the French broadcaster's Persian service.",
      "One local resident told RFI Farsi that those killed were not ISKP members.",
    ),
  },
  {
    id: S.july,
    title: "Earlier incident: raid in the 315 neighbourhood, Khairkhane (6 July 2022)",
    kind: "article",
    publisher: "Afghan Witness",
    publishedAt: "2022-07-06",
    reliability: "B",
    text: lines(
      "Our summary of the earlier investigation the report refers to.",
      "Zabihullah Mujahid announced an operation against a claimed ISKP hideout in Police District 11; at least three people died.",
      "Investigators concluded that the evidence pointed to an attack by unknown forces on a Taliban checkpoint followed by Taliban retaliation, with no verifiable link to an ISKP cell.",
    ),
  },
  {
    id: S.october,
    title: "Earlier incident: raid in Police District 8, Kabul (21 October 2022)",
    kind: "article",
    publisher: "Afghan Witness",
    publishedAt: "2022-10-21",
    reliability: "B",
    text: lines(
      "Our summary of the earlier investigation the report refers to.",
      "Investigators confirmed four male bodies after another claimed ISKP hideout raid. Whether the men belonged to ISKP could not be confirmed, but at least two of the four men wore tactical vests when they died, which suggests they were ready for combat.",
    ),
  },
] as const;

/** The passage each evidence row rests on: its source and the exact quote from the captured text. */
export const SAMPLE_CITATIONS: Readonly<
  Record<string, { readonly sourceId: string; readonly exact: string }>
> = {
  e01: { sourceId: S.interior, exact: 'described the fighting in Khairkhane as a "cleaning operation"' },
  e02: {
    sourceId: S.mujahid,
    exact: "special forces had raided an ISKP hideout in Police District 15 and killed five of its members",
  },
  e03: {
    sourceId: S.report,
    exact:
      "from around 23:00 posts on social media reported explosions and gunfire in Khairkhane that went on for several hours",
  },
  e04: {
    sourceId: S.report,
    exact:
      "residents told reporters that Taliban fighters closed the roads and took up positions on the roofs of nearby houses",
  },
  e05: { sourceId: S.gdi, exact: "The footage is too dark to geolocate the building that was targeted." },
  e06: {
    sourceId: S.report,
    exact:
      "Five different bodies can be told apart, but nothing in the material shows that the men were armed or wore protective gear when they died.",
  },
  e07: {
    sourceId: S.malikzada,
    exact:
      "the Panjsad area of Khairkhane is home mainly to Panjshiris and Tajiks and, citing Independent Persian, that it is known to house people linked to the NRF",
  },
  e08: {
    sourceId: S.amu,
    exact:
      "Several local sources told Amu that the men killed were resistance collaborators from Panjshir and not ISKP members.",
  },
  e09: {
    sourceId: S.rfi,
    exact: "One local resident told RFI Farsi that those killed were not ISKP members.",
  },
  e10: {
    sourceId: S.malikzada,
    exact: "ISKP has become a convenient excuse for the Taliban to hide their crimes",
  },
  e11: {
    sourceId: S.report,
    exact:
      "social media users claimed the operation was meant to arrest Resistance Front members under the name of ISIS",
  },
  e12: {
    sourceId: S.july,
    exact:
      "the evidence pointed to an attack by unknown forces on a Taliban checkpoint followed by Taliban retaliation, with no verifiable link to an ISKP cell",
  },
  e13: {
    sourceId: S.october,
    exact:
      "at least two of the four men wore tactical vests when they died, which suggests they were ready for combat",
  },
  e14: {
    sourceId: S.report,
    exact: "The report cites no statement from ISKP itself claiming the dead as its members.",
  },
  e15: {
    sourceId: S.report,
    exact: "the report mentions no attack on a Taliban checkpoint in the days before this raid",
  },
};
