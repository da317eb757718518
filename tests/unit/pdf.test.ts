import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import { buildExportView, type ExportContext } from "../../server/export/exportView";
import { planMatrix } from "../../server/export/pdf/pdfMatrix";
import { renderAnalysisPdf } from "../../server/export/pdf/renderAnalysisPdf";
import type { AnalysisJson, AnalysisJsonInput } from "../../shared/schema/analysisJson";
import { scoreAnalysis } from "../../shared/scoring";
import { sampleInput, syntheticInput, toAnalysisJson } from "../fixtures/exportFixtures";
import { pageRawTexts, pageSizes, pageTexts } from "../fixtures/pdfText";

const tmp = mkdtempSync(join(tmpdir(), "ach-pdf-test-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function renderPdf(
  json: AnalysisJson,
  ctx: ExportContext = {},
  view = "consensus",
  paper: "a4" | "letter" = "a4",
): Promise<{ bytes: Buffer; pages: number }> {
  const v = buildExportView(json, scoreAnalysis(json), { view, includeArchived: true, paper }, ctx);
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on("data", (c: Buffer) => chunks.push(c));
  const pages = await renderAnalysisPdf(v, { generatedAt: "2026-02-01T12:00:00.000Z", version: "v9" }, out);
  return { bytes: Buffer.concat(chunks), pages };
}

/** Text of each page, items joined by spaces and whitespace collapsed (wrapping becomes a space). */

const squash = (s: string): string => s.replace(/\s+/g, "");

describe("PDF export", () => {
  it("contains the title, every hypothesis, every claim, the scores and the approval line", async () => {
    const json = toAnalysisJson(sampleInput());
    const { bytes } = await renderPdf(json, { changesSinceApproval: 0 });
    const all = squash((await pageTexts(bytes)).join(" "));
    expect(all).toContain(squash(json.title));
    for (const h of json.hypotheses) expect(all).toContain(squash(h.title));
    for (const e of json.evidence) expect(all).toContain(squash(e.claim));
    const { report } = scoreAnalysis(json);
    for (const h of report.hypotheses) expect(all).toContain(h.weighted.toFixed(2));
    expect(all).toContain(squash("Approved by Lead Analyst on 2026-01-14 16:00 UTC"));
    expect(all).toContain(squash("UNCLASSIFIED // OPEN SOURCES"));
  });

  it("ends with a Sources appendix: each source, its reliability, the cited passages and the citing rows", async () => {
    const json = toAnalysisJson(sampleInput());
    const attachment = {
      id: "att1",
      analysisId: "a-test",
      owner: { kind: "source" as const, id: "s-gdi-video" },
      name: "gdi-still.png",
      mediaType: "image/png",
      size: 2048,
      sha256: "ab".repeat(32),
      uploadedBy: "u-lead",
      uploadedAt: "2026-01-10T10:00:00.000Z",
    };
    const { bytes } = await renderPdf({ ...json, attachments: [attachment] });
    const pages = await pageTexts(bytes);
    const start = pages.findIndex((p) => p.includes("APPENDIX"));
    expect(start).toBeGreaterThan(0);
    const appendix = squash(pages.slice(start).join(" "));
    expect(appendix).toContain(squash("APPENDIX — SOURCES"));
    expect(appendix).toContain(squash("Taliban claim raid on ISKP cell in Kabul"));
    expect(appendix).toContain(squash("reliability B"));
    // The report backs several rows: the passages list their codes.
    expect(appendix).toContain(squash("E6"));
    expect(appendix).toContain(
      squash("The footage is too dark to geolocate the building that was targeted."),
    );
    expect(appendix).toContain(squash(`gdi-still.png (image/png, 2048 bytes) SHA-256 ${"ab".repeat(32)}`));
  });

  it("says the analysis changed since approval when anything changed after it", async () => {
    const { bytes } = await renderPdf(toAnalysisJson(sampleInput()), { changesSinceApproval: 3 });
    expect((await pageTexts(bytes))[0]).toContain("Changed since approval by Lead Analyst");
  });

  it("says Not approved when there is no approval, and numbers pages n of m", async () => {
    const input = { ...sampleInput(), lead: {} } as AnalysisJsonInput;
    const { bytes, pages } = await renderPdf(toAnalysisJson(input));
    const texts = await pageTexts(bytes);
    expect(texts[0]).toContain("Not approved");
    expect(texts).toHaveLength(pages);
    texts.forEach((t, i) => {
      expect(t).toMatch(new RegExp(`Page ${i + 1} of\\s*${pages}`));
    });
  });

  it("ranks a hypothesis nobody rated last as not yet rated and never names it least inconsistent", async () => {
    const input = sampleInput();
    const json = toAnalysisJson({
      ...input,
      hypotheses: [{ id: "h-new", title: "Brand new idea" }, ...(input.hypotheses ?? [])],
    });
    const first = (await pageTexts((await renderPdf(json)).bytes))[0] ?? "";
    const ranking = first.slice(first.indexOf("RANKING"), first.indexOf("Inconsistency counts"));
    expect(ranking).toMatch(/Least inconsistent: H3 NRF/);
    expect(ranking).toMatch(/3 H2 ISKP cell .* – H1 Brand new idea not yet rated/);
    expect(first).not.toMatch(/H1 Brand new idea 0/);
  });

  it("prints on the chosen paper size, portrait and landscape pages alike", async () => {
    const json = toAnalysisJson(syntheticInput(20, 12));
    const a4 = await pageSizes((await renderPdf(json, {}, "consensus", "a4")).bytes);
    const letter = await pageSizes((await renderPdf(json, {}, "consensus", "letter")).bytes);
    const normal = (s: [number, number][]) => s.map(([w, h]) => [Math.min(w, h), Math.max(w, h)]);
    expect(new Set(normal(a4).map(String))).toEqual(new Set(["595,842"]));
    expect(new Set(normal(letter).map(String))).toEqual(new Set(["612,792"]));
    // The 12-column matrix is printed landscape.
    expect(a4.some(([w, h]) => w > h)).toBe(true);
  });

  it("splits 200 rows × 12 hypotheses into landscape parts with the header repeated on every matrix page", async () => {
    const json = toAnalysisJson(syntheticInput(200, 12));
    const plan = planMatrix(12, "a4");
    expect(plan.orientation).toBe("landscape");
    expect(plan.parts.map((p) => p.length)).toEqual([6, 6]);
    const { bytes, pages } = await renderPdf(json);
    const texts = await pageTexts(bytes);
    const matrixPages = texts.filter((t) => t.includes("MATRIX"));
    // 200 rows at 10 rows per A4 landscape page, two parts: 20 pages each.
    expect(matrixPages).toHaveLength(40);
    for (const t of matrixPages) {
      expect(t).toContain("Evidence");
      const part1 = t.includes("part 1 of 2");
      for (let h = part1 ? 1 : 7; h <= (part1 ? 6 : 12); h++) expect(t).toContain(`H${h} Hypothesis ${h}:`);
    }
    expect(pages).toBe(texts.length);
    expect(pages).toBeGreaterThanOrEqual(40 + 3);
    expect(pages).toBeLessThanOrEqual(40 + 20);
    for (let i = 1; i <= 200; i++) expect(texts.join(" ")).toContain(`Claim number ${i} `);
  });

  it("renders hostile text — RTL Dari and Arabic, emoji, a 10 000-character claim, markup — without error", async () => {
    const input = syntheticInput(4, 3);
    const evidence = [...(input.evidence ?? [])];
    evidence[0] = { ...evidence[0], claim: "سخنگوی طالبان گفت که پنج عضو داعش کشته شدند (Kabul, 2022)" };
    evidence[1] = {
      ...evidence[1],
      claim: `<script>alert("x")</script> 🚀🔥 ${"x".repeat(5000)} ${"word ".repeat(1000)}`.slice(0, 10_000),
    };
    evidence[2] = { ...evidence[2], claim: "=cmd|' /C calc'!A0 \u202Eevil\u202C مرحبا بالعالم" };
    const { bytes, pages } = await renderPdf(
      toAnalysisJson({ ...input, title: "تحلیل فرضیه‌های رقیب — Тест 🚀", evidence }),
    );
    expect(pages).toBeGreaterThan(3);
    const all = (await pageTexts(bytes)).join(" ");
    expect(all).toContain("<script>");
    expect(all).toContain("Тест");
  });

  it("prints Persian in every style with its words in order and the spaces between them kept", async () => {
    const persian = "عملیات پاکسازی در خیرخانه";
    const styled = (marks: { type: string }[]) => ({
      type: "paragraph",
      content: [{ type: "text", text: persian, marks }],
    });
    const input = sampleInput();
    const json = toAnalysisJson({
      ...input,
      title: persian,
      evidence: (input.evidence ?? []).map((e, i) =>
        i === 0 ? { ...e, claim: `${persian} (Kabul, 2022)` } : e,
      ),
      lead: {
        ...input.lead,
        conclusion: {
          type: "doc",
          content: [
            styled([]),
            styled([{ type: "bold" }]),
            styled([{ type: "italic" }]),
            styled([{ type: "bold" }, { type: "italic" }]),
          ],
        },
      },
    });
    const { bytes } = await renderPdf(json);
    const [first = "", ...rest] = await pageRawTexts(bytes);
    const conclusion = first.slice(first.indexOf("CONCLUSION"));
    // Four styles in the conclusion, each a line of its own, words in logical order.
    expect(conclusion.split("\n").filter((l) => l.trim() === persian)).toHaveLength(4);
    expect(first + rest.join("")).toContain(`${persian} (Kabul, 2022)`);
    // No missing glyphs (pdfjs reports them as NUL).
    expect((first + rest.join("")).includes("\u0000")).toBe(false);
    if (existsSync("/usr/bin/pdftoppm")) {
      const file = join(tmp, "persian.pdf");
      writeFileSync(file, bytes);
      execFileSync("/usr/bin/pdftoppm", [
        "-png",
        "-r",
        "80",
        "-f",
        "1",
        "-l",
        "1",
        file,
        join(tmp, "persian"),
      ]);
      expect(existsSync(join(tmp, "persian-1.png"))).toBe(true);
    }
  });

  it.skipIf(!existsSync("/usr/bin/pdftoppm"))("renders page 1 to a PNG that is not blank", async () => {
    const { bytes } = await renderPdf(toAnalysisJson(sampleInput()));
    const file = join(tmp, "sample.pdf");
    writeFileSync(file, bytes);
    execFileSync("/usr/bin/pdftoppm", ["-r", "40", "-gray", "-f", "1", "-l", "1", file, join(tmp, "page")]);
    const pgm = readFileSync(join(tmp, "page-1.pgm"));
    // PGM: header lines then one byte per pixel; count pixels that are clearly not white.
    const header = pgm.toString("latin1", 0, 40).match(/^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/);
    expect(header).not.toBeNull();
    const pixels = pgm.subarray((header?.[0] ?? "").length);
    let ink = 0;
    for (const v of pixels) if (v < 200) ink++;
    expect(ink / pixels.length).toBeGreaterThan(0.02);
  });
});
