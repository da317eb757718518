import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { readAchz } from "../../server/import/achzImport";
import { readImportFile } from "../../server/import/readImportFile";
import { parseAnalysisJson } from "../../shared/schema/analysisJson";

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
      status: 400,
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
});
