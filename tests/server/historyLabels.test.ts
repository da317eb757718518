/**
 * What people read about changes names things as the matrix does: the feed says which evidence was
 * removed and which version was approved by name, the diff says E2 and hypothesis titles rather than
 * ids, and the analyses list's "Updated" time follows edits.
 */
import { afterEach, describe, expect, it } from "vitest";
import { addEvidence, evidenceMap, renameHypothesis, updateEvidence } from "../../shared/schema/contentDoc";
import { setRating } from "../../shared/schema/ratingsDoc";
import { connectClient, type TestClient } from "./helpers/connectClient";
import { type HistoryApp, type HistoryWho, startHistoryApp } from "./helpers/historyApp";
import { waitFor } from "./helpers/waitFor";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function app(): Promise<HistoryApp> {
  const started = await startHistoryApp();
  cleanups.push(() => started.close());
  return started;
}

async function client(a: HistoryApp, who: HistoryWho, docName: string): Promise<TestClient> {
  const c = connectClient(a.wsUrl, docName, { params: { token: a.users[who].token } });
  cleanups.push(() => c.destroy());
  await c.synced();
  return c;
}

const feedTexts = async (a: HistoryApp): Promise<string[]> => {
  const res = await a.request<{ entries: { text: string }[] }>(
    "lead",
    "GET",
    `/api/analyses/${a.analysisId}/activity`,
  );
  expect(res.status).toBe(200);
  return res.body.entries.map((e) => e.text);
};

describe("history in words", () => {
  it("names removed evidence by its claim and an approved version by its name", async () => {
    const a = await app();
    const lead = await client(a, "lead", a.analysisId);
    const id = addEvidence(
      lead.doc,
      { claim: "Drone footage of the compound" },
      {
        userId: a.users.lead.id,
        now: new Date().toISOString(),
      },
    );
    // What undoing the addition does: the item leaves the evidence map.
    lead.doc.transact(() => evidenceMap(lead.doc).delete(id));
    const approved = await a.request<{ version: { id: string; name: string } }>(
      "lead",
      "POST",
      `/api/analyses/${a.analysisId}/approvals`,
      {},
    );
    expect(approved.status).toBe(201);
    const texts = await waitFor(async () => {
      const list = await feedTexts(a);
      expect(list.some((t) => t.includes("removed"))).toBe(true);
      expect(list.some((t) => t.includes("approved"))).toBe(true);
      return list;
    });
    expect(texts).toContain("Lead removed evidence 'Drone footage of the compound'");
    const approval = texts.find((t) => t.includes("approved")) ?? "";
    expect(approval).toBe(`Lead approved version '${approved.body.version.name}'`);
    expect(approval).not.toContain(approved.body.version.id);
  });

  it("describes each change of a diff with row codes and hypothesis titles, not ids", async () => {
    const a = await app();
    const saved = await a.request<{ id: string }>("lead", "POST", `/api/analyses/${a.analysisId}/versions`, {
      name: "Before",
    });
    const lead = await client(a, "lead", a.analysisId);
    const ana = await client(a, "ana", `${a.analysisId}/ratings/${a.users.ana.id}`);
    updateEvidence(lead.doc, "e2", { credibility: "high" });
    renameHypothesis(lead.doc, "h2", "Afghan army with militia");
    setRating(ana.doc, "e1", "h2", "II");
    const texts = await waitFor(async () => {
      const res = await a.request<{ diff: { changes: { text: string }[] } }>(
        "lead",
        "GET",
        `/api/analyses/${a.analysisId}/diff?from=${saved.body.id}&to=current`,
      );
      expect(res.body.diff.changes).toHaveLength(3);
      return res.body.diff.changes.map((c) => c.text);
    });
    expect(texts).toContain("E2 'Villagers report a night raid': the credibility medium → high");
    expect(texts).toContain(
      "H2 'Afghan army with militia': the title 'Afghan army alone' → 'Afghan army with militia'",
    );
    expect(texts).toContain("Ana's rating of E1 × H2 'Afghan army with militia': – → II");
    for (const t of texts) expect(t).not.toMatch(/\b(e1|e2|h2)\b/);
  });

  it("moves the analysis's Updated time when it is edited", async () => {
    const a = await app();
    const list = async () => {
      const res = await a.request<{ analyses: { id: string; updatedAt: string }[] }>(
        "lead",
        "GET",
        "/api/analyses",
      );
      return res.body.analyses.find((r) => r.id === a.analysisId)?.updatedAt ?? "";
    };
    const before = await list();
    const lead = await client(a, "lead", a.analysisId);
    updateEvidence(lead.doc, "e1", { credibility: "low" });
    await waitFor(async () => expect(await list()).not.toBe(before));
  });
});
