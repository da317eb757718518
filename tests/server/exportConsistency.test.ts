/**
 * The JSON view, the CSV and the PDF of one analysis agree cell by cell: the same analysts count
 * (viewers, removed members and strangers do not), archived rows shown with archived=1 use the same
 * raters, and the lead's weights are the ones printed.
 */
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAnalysis } from "../../server/commands/createAnalysis";
import { errorHandler } from "../../server/http/errorHandler";
import { analysesRouter } from "../../server/routes/analyses";
import { exportsRouter } from "../../server/routes/exports";
import { silentLogger } from "../../server/sync/logger";
import { HeavyWork } from "../../server/workers/HeavyWork";
import { type AnalysisJson, parseAnalysisJson } from "../../shared/schema/analysisJson";
import { computeScores, type ScoresJson, scoringInputOf } from "../../shared/scoring";
import { textItems } from "../fixtures/pdfText";
import { openMemoryStore } from "./helpers/memoryStore";
import { headerCaller, listen, storeDocuments } from "./helpers/restApp";

const ID = "a-consistency";
const HYPOTHESES = ["h1", "h2", "h3"];
const EVIDENCE = ["e1", "e2", "e3", "e4"];
const CODES = new Set(["CC", "C", "N", "I", "II", "NA", "–"]);

/** Members rate sparingly; the viewer and the outsiders rate everything CC, which would win every cell. */
function analysisInput() {
  const all = (code: string) =>
    Object.fromEntries(EVIDENCE.flatMap((e) => HYPOTHESES.map((h) => [`${e}:${h}`, code])));
  return {
    schemaVersion: 1,
    title: "Consistency",
    question: "Which?",
    hypotheses: HYPOTHESES.map((id, i) => ({ id, title: `Hypothesis number ${i + 1}` })),
    evidence: EVIDENCE.map((id, i) => ({
      id,
      claim: `Claim number ${i + 1}`,
      credibility: i === 0 ? "high" : "low",
      relevance: "medium",
      archived: id === "e4",
    })),
    ratings: {
      "u-a1": {
        name: "Ana",
        cells: { "e1:h1": "I", "e1:h2": "C", "e2:h1": "II", "e3:h3": "I", "e4:h1": "I" },
      },
      "u-a2": { name: "Bo", cells: { "e1:h1": "I", "e2:h2": "I", "e3:h1": "N", "e4:h1": "II" } },
      "u-viewer": { name: "Vic", cells: all("CC") },
      "u-removed": { name: "Rem", cells: all("CC") },
      "u-stranger": { name: "Str", cells: all("CC") },
    },
    lead: { weights: { low: 0.5, medium: 1, high: 3 } },
  };
}

const store = await openMemoryStore(["u-lead", "u-a1", "u-a2", "u-viewer"]);
const docs = storeDocuments(store);
let served: Awaited<ReturnType<typeof listen>>;
const work = new HeavyWork();

beforeAll(async () => {
  await createAnalysis(
    store,
    parseAnalysisJson(analysisInput()),
    { userId: "u-lead", now: "2026-01-01T00:00:00Z" },
    { id: ID },
  );
  for (const [userId, role] of [
    ["u-lead", "lead"],
    ["u-a1", "analyst"],
    ["u-a2", "analyst"],
    ["u-viewer", "viewer"],
  ] as const) {
    await store.setMember({ analysisId: ID, userId, role });
  }
  const app = express();
  const actorOf = () => ({ userId: "u-lead", now: new Date().toISOString() });
  app.use(headerCaller("u-lead"));
  app.use("/api/analyses", analysesRouter({ store, docs, actorOf, memberships: store, work }));
  app.use("/api", exportsRouter({ store, docs, actorOf, memberships: store, work }));
  app.use(errorHandler(silentLogger));
  served = await listen(app);
});
afterAll(async () => {
  await served.close();
  await work.close();
  await store.close();
});

const get = async (path: string): Promise<Response> => {
  const res = await fetch(`${served.base}/api${path}`);
  expect(res.status).toBe(200);
  return res;
};

type JsonView = AnalysisJson & { scores: ScoresJson };

/** Consensus code per "row:hypothesis" as the JSON view's analysts see it, archived rows included. */
function expectedCells(view: JsonView): Map<string, string> {
  const analysts = view.scores.analysts.map((a) => a.userId);
  const report = computeScores(scoringInputOf(view, { analysts, includeArchivedRows: true }));
  const cells = new Map<string, string>();
  for (const e of EVIDENCE)
    for (const h of HYPOTHESES) cells.set(`${e}:${h}`, report.cell(e, h)?.consensus.rating ?? "–");
  return cells;
}

/** CSV cells per "row:hypothesis" (code column E1… maps to the evidence in display order). */
function csvCells(csv: string): Map<string, string> {
  const lines = csv
    .replace(/^\uFEFF/, "")
    .trim()
    .split("\r\n")
    .slice(1);
  const cells = new Map<string, string>();
  lines.forEach((line, i) => {
    const fields = line.split(",");
    fields.slice(-HYPOTHESES.length).forEach((code, h) => {
      cells.set(`${EVIDENCE[i]}:${HYPOTHESES[h]}`, code === "" ? "–" : code);
    });
  });
  return cells;
}

/** PDF matrix cells: after each row code (E1…) come its claim, its meta line, then one label per column. */
function pdfCells(pages: string[][]): Map<string, string> {
  const cells = new Map<string, string>();
  for (const items of pages.filter((p) => p.includes("MATRIX"))) {
    items.forEach((item, i) => {
      const row = /^E(\d+)$/.exec(item);
      if (!row) return;
      const labels = items
        .slice(i + 1)
        .filter((s) => CODES.has(s))
        .slice(0, HYPOTHESES.length);
      labels.forEach((code, h) => {
        cells.set(`${EVIDENCE[Number(row[1]) - 1]}:${HYPOTHESES[h]}`, code);
      });
    });
  }
  return cells;
}

describe("exports agree with the JSON view", () => {
  it("refuses an export of the own view of someone whose ratings do not count", async () => {
    const res = await fetch(`${served.base}/api/analyses/${ID}/export.csv?view=u-viewer`);
    expect(res.status).toBe(400);
    expect((await fetch(`${served.base}/api/analyses/${ID}/export.csv?view=u-a1`)).status).toBe(200);
  });

  it("counts only the analysts' ratings, in active and archived rows, in the JSON view, CSV and PDF", async () => {
    const view = (await (await get(`/analyses/${ID}`)).json()) as JsonView;
    expect(view.scores.analysts.map((a) => a.userId).sort()).toEqual(["u-a1", "u-a2", "u-lead"]);
    const expected = expectedCells(view);
    // The strangers' CC would make e1:h3 (rated by nobody else) CC; it must stay unrated.
    expect(expected.get("e1:h3")).toBe("–");
    for (const cell of view.scores.cells) {
      expect(expected.get(`${cell.evidenceId}:${cell.hypothesisId}`)).toBe(cell.consensus.rating ?? "–");
    }
    const csv = await (await get(`/analyses/${ID}/export.csv?archived=1`)).text();
    expect(csvCells(csv)).toEqual(expected);
    const pdf = new Uint8Array(await (await get(`/analyses/${ID}/export.pdf?archived=1`)).arrayBuffer());
    expect(pdfCells(await textItems(pdf))).toEqual(expected);
  });

  it("prints the number of analysts whose ratings count, the JSON view's ranking and the lead's weights", async () => {
    const view = (await (await get(`/analyses/${ID}`)).json()) as JsonView;
    const pages = await textItems(
      new Uint8Array(await (await get(`/analyses/${ID}/export.pdf?archived=1`)).arrayBuffer()),
    );
    const first = (pages[0] ?? []).join(" ");
    expect(first).toContain("Consensus of 2 analysts");
    expect(first).toContain("Low 0.5, Medium 1, High 3");
    expect(first).not.toContain("√2");
    const titles = view.scores.ranking.map((id) => view.hypotheses.find((h) => h.id === id)?.title ?? "");
    const ranking = first.slice(first.indexOf("RANKING"), first.indexOf("Weighted inconsistency ("));
    const positions = titles.map((t) => ranking.indexOf(t));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    const printed = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(2));
    for (const h of view.scores.hypotheses) expect(ranking).toContain(printed(h.weighted));
  });
});
