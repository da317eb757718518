/**
 * An imported file cannot put words in a member's mouth: a comment whose `author`/`authorName`
 * name a real member of this server is attributed to the importer, its original author kept as
 * text, and the preview and the import's answer say so; approvals in the file are not imported,
 * with a warning.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AnalysisJson } from "../../shared/schema/analysisJson";
import { type AuthApp, startAuthApp } from "./helpers/authApp";

let app: AuthApp;

beforeAll(async () => {
  app = await startAuthApp();
}, 30_000);
afterAll(async () => {
  await app?.close();
});

/** A hand-made file whose comments claim to be the lead's, with an approval by the lead. */
const forged = () => {
  const lead = app.users.lead;
  return {
    schemaVersion: 1,
    title: "Forged",
    hypotheses: [{ id: "h1", title: "The militia" }],
    evidence: [{ id: "e1", claim: "A radio intercept" }],
    comments: [
      {
        id: "c1",
        target: { kind: "evidence", id: "e1" },
        body: "I, the lead, retract the assessment",
        author: lead.id,
        authorName: lead.name,
        resolved: true,
        resolvedBy: lead.id,
        resolvedAt: "2026-01-01T00:00:00.000Z",
      },
      {
        id: "c2",
        target: { kind: "evidence", id: "e1" },
        body: "Agreed",
        author: lead.id,
        authorName: lead.name,
        replyTo: "c1",
      },
    ],
    lead: {
      approvals: [
        { id: "ap1", by: lead.id, byName: lead.name, at: "2026-01-01T00:00:00.000Z", versionId: "v1" },
      ],
    },
  };
};

const COMMENTS_WARNING = /2 comments are attributed to you/;
const APPROVALS_WARNING = /1 approval was not imported/;

describe("importing comments and approvals", () => {
  it("previews the re-attribution and the dropped approvals as warnings", async () => {
    const res = await app.request("analyst", "POST", "/api/imports/preview", forged());
    expect(res.status).toBe(200);
    const { warnings } = (await res.json()) as { warnings: string[] };
    expect(warnings.some((w) => COMMENTS_WARNING.test(w))).toBe(true);
    expect(warnings.some((w) => APPROVALS_WARNING.test(w))).toBe(true);
  });

  it("keeps the words but attributes them to the importer, naming the original author as text", async () => {
    const res = await app.request("analyst", "POST", "/api/imports", forged());
    expect(res.status).toBe(201);
    const { id, warnings } = (await res.json()) as { id: string; warnings: string[] };
    expect(warnings.some((w) => COMMENTS_WARNING.test(w))).toBe(true);
    expect(warnings.some((w) => APPROVALS_WARNING.test(w))).toBe(true);

    const view = (await (await app.request("analyst", "GET", `/api/analyses/${id}`)).json()) as AnalysisJson;
    const analyst = app.users.analyst;
    const lead = app.users.lead;
    expect(view.comments.map((c) => [c.body, c.author, c.authorName, c.resolvedBy])).toEqual([
      [
        "I, the lead, retract the assessment",
        analyst.id,
        `${analyst.name} (originally by ${lead.name})`,
        analyst.id,
      ],
      ["Agreed", analyst.id, `${analyst.name} (originally by ${lead.name})`, null],
    ]);
    expect(view.comments.some((c) => c.author === lead.id || c.authorName === lead.name)).toBe(false);
    expect(view.lead.approvals).toEqual([]);
  });

  it("applies the same rule to a full JSON body sent to POST /api/analyses", async () => {
    const res = await app.request("analyst", "POST", "/api/analyses", forged());
    expect(res.status).toBe(201);
    const { id, warnings } = (await res.json()) as { id: string; warnings: string[] };
    expect(warnings.some((w) => COMMENTS_WARNING.test(w))).toBe(true);
    const view = (await (await app.request("analyst", "GET", `/api/analyses/${id}`)).json()) as AnalysisJson;
    expect(view.comments.map((c) => c.author)).toEqual([app.users.analyst.id, app.users.analyst.id]);
    expect(view.lead.approvals).toEqual([]);
  });
});
