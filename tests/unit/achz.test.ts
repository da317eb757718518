import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { readAchz } from "../../server/import/achzImport";
import { readImportFile } from "../../server/import/readImportFile";
import { parseAnalysisJson } from "../../shared/schema/analysisJson";
import { PARC_205_HYPOTHESES, PARC_205_ROWS, parc205Achz } from "../fixtures/parcAch205";

const fixture = readFileSync(join(import.meta.dirname, "../fixtures/parc-ach-sample.achz"));
const opts = { maxDecompressedBytes: 1 << 20, userId: "u-importer", userName: "PARC ACH import" };
const utf16 = (xml: string): Buffer =>
  Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(xml, "utf16le")]);

describe("PARC ACH .achz import", () => {
  it("reads the fixture into the expected matrix", async () => {
    const { json, warnings } = await readAchz(fixture, opts);
    const a = parseAnalysisJson(json);
    expect(a.title).toBe("Who cut the Kabul–Jalalabad power line?");
    expect(a.hypotheses.map((h) => h.title)).toEqual([
      "Taliban sabotage",
      "ISKP attack",
      "Criminal theft of cable & towers",
    ]);
    expect(a.evidence.map((e) => e.claim)).toHaveLength(3);
    const [e1, e2, e3] = a.evidence;
    expect(e1).toMatchObject({
      type: "official_statement",
      date: "2021-03-04",
      reliability: "C",
      infoCredibility: "3",
    });
    expect(e1).toMatchObject({
      credibility: "medium",
      relevance: "high",
      url: "https://example.org/dabs/2021-03-04",
      source: "DABS press release",
    });
    expect(e2).toMatchObject({ type: "eyewitness", date: "2021-03-05", flagged: true, credibility: "low" });
    expect(e3).toMatchObject({ type: "assumption", url: "", credibility: "high", relevance: "low" });
    expect(a.ratings["u-importer"]?.cells).toEqual({
      "e1:h1": "C",
      "e1:h2": "C",
      "e1:h3": "II",
      "e2:h1": "CC",
      "e2:h2": "I",
      "e2:h3": "N",
      "e3:h1": "N",
      "e3:h2": "I",
      "e3:h3": "NA",
    });
    expect(warnings.some((w) => w.includes("not an http(s) URL"))).toBe(true);
  });

  it("keeps a non-Admiralty PARC code in the notes", async () => {
    const a = parseAnalysisJson((await readAchz(fixture, opts)).json);
    expect(JSON.stringify(a.evidence[1]?.notes)).toContain("PARC code: informant-7");
  });

  it("says the gzip is truncated when the file is cut short", async () => {
    await expect(readAchz(fixture.subarray(0, fixture.length - 20), opts)).rejects.toMatchObject({
      status: 400,
      message: expect.stringContaining("truncated"),
    });
  });

  it("stops a zip bomb at the decompression cap", async () => {
    const bomb = gzipSync(Buffer.alloc(8 << 20, 0x20));
    await expect(readAchz(bomb, opts)).rejects.toMatchObject({
      code: "payload_too_large",
      status: 413,
      message: expect.stringContaining("decompressed"),
    });
  });

  it("rejects XML that is not a PARC ACH document", async () => {
    const other = gzipSync(utf16('<?xml version="1.0"?><rss><channel><title>news</title></channel></rss>'));
    await expect(readAchz(other, opts)).rejects.toMatchObject({
      status: 400,
      message: expect.stringContaining("not a PARC ACH file"),
    });
  });

  it("refuses DOCTYPE declarations so no entity can expand", async () => {
    const xxe = gzipSync(
      utf16('<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x "y">]><ACH><Hypothesis name="&x;"/></ACH>'),
    );
    await expect(readAchz(xxe, opts)).rejects.toMatchObject({
      status: 400,
      message: expect.stringContaining("DOCTYPE"),
    });
  });

  it("previews the file with counts and warnings", async () => {
    const { preview } = await readImportFile(fixture, opts);
    expect(preview).toMatchObject({ format: "achz", hypotheses: 3, evidence: 3, analysts: 1 });
  });

  it("names malformed JSON and a wrong schema version", async () => {
    await expect(readImportFile(Buffer.from("{ not json"), opts)).rejects.toMatchObject({
      status: 400,
      message: expect.stringContaining("not valid JSON"),
    });
    await expect(
      readImportFile(Buffer.from('{"schemaVersion": 99, "title": "x"}'), opts),
    ).rejects.toMatchObject({
      status: 400,
      message: expect.stringContaining("schemaVersion"),
    });
  });

  describe("in the layout PARC ACH 2.0.5 writes (PROJECT-TITLE, MATRIX, VALUES)", () => {
    it("reads the title, classification, hypotheses and every row's fields", async () => {
      const { json } = await readAchz(parc205Achz(), opts);
      const a = parseAnalysisJson(json);
      expect(a.title).toBe("Why did the Sarobi line fail?");
      expect(a.classification).toBe("UNCLASSIFIED//FOUO");
      expect(a.hypotheses.map((h) => h.title)).toEqual(PARC_205_HYPOTHESES);
      expect(a.evidence.map((e) => e.claim)).toEqual(PARC_205_ROWS.map((r) => r.name));
      const [e1, e2, e3, e4, e5, e6] = a.evidence;
      expect(e1).toMatchObject({
        type: "media_report",
        date: "2021-03-16",
        reliability: "B",
        infoCredibility: "2",
        flagged: true,
        credibility: "high",
        url: "https://example.org/dabs/2021-03-16",
      });
      expect(JSON.stringify(e1?.notes)).toContain("Utility statement, next morning.");
      // DATE 0 means no date, not 1970 or 2000.
      expect(e2).toMatchObject({ type: "eyewitness", date: "", flagged: false, credibility: "low" });
      expect(JSON.stringify(e2?.notes)).toContain("PARC code: informant-7");
      expect(e3).toMatchObject({ type: "media_report", date: "2021-03-01", credibility: "medium" });
      expect(e4?.type).toBe("assumption");
      expect(e5?.type).toBe("other");
      expect(JSON.stringify(e5?.notes)).toContain("PARC type: sig");
      expect(e6?.type).toBe("imagery_video");
    });

    it("reads VALUES as the importer's ratings, one per hypothesis in order, empty ones unrated", async () => {
      const a = parseAnalysisJson((await readAchz(parc205Achz(), opts)).json);
      expect(a.ratings["u-importer"]).toEqual({
        name: "PARC ACH import",
        cells: {
          "e1:h1": "CC",
          "e1:h2": "II",
          "e1:h3": "NA",
          "e2:h1": "C",
          "e2:h2": "N",
          "e3:h1": "I",
          "e3:h2": "C",
          "e3:h3": "N",
          "e4:h1": "N",
          "e4:h2": "I",
          "e4:h3": "N",
          "e5:h1": "C",
          "e5:h2": "C",
          "e5:h3": "I",
          "e6:h1": "C",
          "e6:h2": "N",
          "e6:h3": "II",
        },
      });
    });

    it("warns about a VALUES list longer than the hypotheses and an unknown code", async () => {
      const xml = `<ACH><PROJECT-TITLE>T</PROJECT-TITLE><MATRIX><HYPOTHESIS><NAME>A</NAME></HYPOTHESIS>
        <EVIDENCE><NAME>x</NAME><DATE>0</DATE><VALUES>C,Q,I</VALUES></EVIDENCE></MATRIX></ACH>`;
      const { json, warnings } = await readAchz(gzipSync(utf16(xml)), opts);
      expect(parseAnalysisJson(json).ratings["u-importer"]?.cells).toEqual({ "e1:h1": "C" });
      expect(warnings.join(" ")).toMatch(/evidence 1 has 3 values for 1 hypothesis/);
    });
  });
});
