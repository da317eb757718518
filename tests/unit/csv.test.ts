import { describe, expect, it } from "vitest";
import { CSV_BOM, csvCell, renderCsv } from "../../server/export/csvExport";
import { buildExportView } from "../../server/export/exportView";
import { scoreAnalysis } from "../../shared/scoring";
import { sampleInput, toAnalysisJson } from "../fixtures/exportFixtures";

/** Minimal RFC 4180 reader, so the test checks what a spreadsheet would see. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      row.push(cell);
      cell = "";
    } else if (ch === "\r" && text[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i++;
    } else cell += ch;
  }
  return rows;
}

describe("CSV export", () => {
  it("neutralises cells a spreadsheet would evaluate as formulas", () => {
    expect(csvCell('=HYPERLINK("http://x")')).toBe('"\'=HYPERLINK(""http://x"")"');
    expect(csvCell("+1")).toBe("'+1");
    expect(csvCell("-2")).toBe("'-2");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell("plain")).toBe("plain");
  });

  it("quotes commas, quotes and line breaks as RFC 4180 requires", () => {
    expect(csvCell("a,b")).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell("two\nlines")).toBe('"two\nlines"');
  });

  it("writes a BOM, CRLF rows, one row per evidence and one column per hypothesis", () => {
    const json = toAnalysisJson(sampleInput());
    const view = buildExportView(json, scoreAnalysis(json), {
      view: "consensus",
      includeArchived: false,
      paper: "a4",
    });
    const text = renderCsv(view);
    expect(text.startsWith(CSV_BOM)).toBe(true);
    expect(text.endsWith("\r\n")).toBe(true);
    const rows = parseCsv(text.slice(1));
    const header = rows[0] ?? [];
    expect(header.slice(-3)).toEqual([
      "H1: ISKP cell",
      "H2: NRF (resistance) collaborators",
      "H3: Retaliation after a checkpoint attack",
    ]);
    expect(rows).toHaveLength(1 + json.evidence.length);
    for (const row of rows) expect(row).toHaveLength(header.length);
    const e2 = rows.find((r) => r[0] === "E2") ?? [];
    expect(e2[1]).toBe(json.evidence[1]?.claim);
    expect(e2.slice(-3)).toEqual(["C", "I", "N"]);
  });

  it("lists each row's citations as the source title and the quoted passage", () => {
    const json = toAnalysisJson(sampleInput());
    const view = buildExportView(json, scoreAnalysis(json), {
      view: "consensus",
      includeArchived: false,
      paper: "a4",
    });
    const rows = parseCsv(renderCsv(view).slice(1));
    const column = (rows[0] ?? []).indexOf("Citations");
    expect(column).toBeGreaterThan(0);
    const e8 = rows.find((r) => r[0] === "E8") ?? [];
    expect(e8[column]).toBe(
      "Amu: local sources on the men killed in Khairkhane: \u201CSeveral local sources told Amu that the men killed were resistance collaborators from Panjshir and not ISKP members.\u201D",
    );
  });

  it("shows one analyst's own ratings when that view is chosen", () => {
    const json = toAnalysisJson(sampleInput());
    const view = buildExportView(json, scoreAnalysis(json), {
      view: "u-sample-jonas",
      includeArchived: false,
      paper: "a4",
    });
    const rows = parseCsv(renderCsv(view).slice(1));
    expect(rows.find((r) => r[0] === "E2")?.slice(-3)).toEqual(["CC", "I", "N"]);
  });
});
