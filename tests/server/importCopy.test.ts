/**
 * An imported export is a new analysis: it carries no approval and no version references, its
 * history starts with the import, and its title says it is a copy when the importer already has an
 * analysis of that title.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AnalysisJson } from "../../shared/schema/analysisJson";
import { type HistoryApp, startHistoryApp } from "./helpers/historyApp";

let app: HistoryApp;
let exported: Uint8Array;

beforeAll(async () => {
  app = await startHistoryApp();
  const id = app.analysisId;
  expect((await app.request("lead", "POST", `/api/analyses/${id}/approvals`, { note: "ok" })).status).toBe(
    201,
  );
  const res = await fetch(`${app.url}/api/analyses/${id}/export.json`, {
    headers: { authorization: `Bearer ${app.users.lead.token}` },
  });
  exported = new Uint8Array(await res.arrayBuffer());
  expect((JSON.parse(Buffer.from(exported).toString()) as AnalysisJson).lead.approvals).toHaveLength(1);
});
afterAll(async () => {
  await app.close();
});

interface Imported {
  readonly id: string;
  readonly title: string;
}

async function importAs(who: "lead" | "outsider", fileName: string): Promise<Imported> {
  const res = await app.upload<Imported>(who, "/api/imports", exported, {
    "content-type": "application/json",
    "x-ach-filename": encodeURIComponent(fileName),
  });
  expect(res.status).toBe(201);
  return res.body;
}

describe("importing an exported analysis", () => {
  it("keeps the content but no approval, and the copy says it is not approved", async () => {
    const copy = await importAs("lead", "Khairkhane raid.json");
    const original = (await app.request<AnalysisJson>("lead", "GET", `/api/analyses/${app.analysisId}`)).body;
    const view = (await app.request<AnalysisJson>("lead", "GET", `/api/analyses/${copy.id}`)).body;
    expect(view.hypotheses.map((h) => h.title)).toEqual(original.hypotheses.map((h) => h.title));
    expect(view.evidence.map((e) => e.claim)).toEqual(original.evidence.map((e) => e.claim));
    expect(view.ratings).toEqual(original.ratings);
    expect(view.lead.approvals).toEqual([]);
    const status = await app.request<{ approved: boolean }>(
      "lead",
      "GET",
      `/api/analyses/${copy.id}/approval-status`,
    );
    expect(status.body.approved).toBe(false);
  });

  it("titles the copy '(copy)' for a user who has the original, and keeps the title for one who has not", async () => {
    const mine = await importAs("lead", "again.json");
    expect(mine.title).toMatch(/^Khairkhane raid \(copy( \d+)?\)$/);
    const theirs = await importAs("outsider", "theirs.json");
    expect(theirs.title).toBe("Khairkhane raid");
  });

  it("starts the copy's history with 'Imported from <file> by <user>'", async () => {
    const copy = await importAs("lead", "Khairkhane raid.json");
    const feed = await app.request<{ entries: { text: string }[] }>(
      "lead",
      "GET",
      `/api/analyses/${copy.id}/activity`,
    );
    expect(feed.status).toBe(200);
    expect(feed.body.entries.at(-1)?.text).toBe("Imported from 'Khairkhane raid.json' by Lead");
  });
});

describe("importing a JSON analysis with fields the app does not know", () => {
  const withUnknown = (): Uint8Array => {
    const json = JSON.parse(Buffer.from(exported).toString()) as AnalysisJson & Record<string, unknown>;
    const [first] = json.evidence;
    const edited = {
      ...json,
      colour: "red",
      evidence: [{ ...first, credibilty: "high" }, ...json.evidence.slice(1)],
    };
    return new TextEncoder().encode(JSON.stringify(edited));
  };
  const headers = { "content-type": "application/json", "x-ach-filename": "edited.json" };
  const unknownWarning = "2 unknown fields ignored (not imported): evidence.0.credibilty, colour";

  it("says nothing of the app's own export", async () => {
    const res = await app.upload<{ warnings: string[] }>("lead", "/api/imports/preview", exported, headers);
    expect(res.status).toBe(200);
    expect(res.body.warnings.filter((w) => w.includes("unknown"))).toEqual([]);
  });

  it("names the ignored fields in the preview and in the import's answer", async () => {
    const preview = await app.upload<{ warnings: string[] }>(
      "lead",
      "/api/imports/preview",
      withUnknown(),
      headers,
    );
    expect(preview.body.warnings).toContain(unknownWarning);
    const imported = await app.upload<{ warnings: string[] }>("lead", "/api/imports", withUnknown(), headers);
    expect(imported.status).toBe(201);
    expect(imported.body.warnings).toContain(unknownWarning);
  });

  it("names them in the answer to POST /api/analyses too", async () => {
    const created = await app.upload<{ warnings: string[] }>("lead", "/api/analyses", withUnknown(), {
      "content-type": "application/json",
    });
    expect(created.status).toBe(201);
    // The export's approval is not taken over by a create either (shared/schema/importedCopy.ts).
    expect(created.body.warnings).toEqual([
      unknownWarning,
      "1 approval was not imported: a copy starts unapproved; a lead approves it here",
    ]);
  });
});
