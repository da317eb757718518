import express from "express";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { ApprovalStatuses } from "../../server/analyses/ApprovalStatuses";
import { errorHandler } from "../../server/http/errorHandler";
import { analysesRouter } from "../../server/routes/analyses";
import { approvalsRouter } from "../../server/routes/approvals";
import { silentLogger } from "../../server/sync/logger";
import { HeavyWork } from "../../server/workers/HeavyWork";
import { renameHypothesis, setEvidenceArchived } from "../../shared/schema/contentDoc";
import { overridesMap, setOverride, settingsMap, setWeights } from "../../shared/schema/leadDoc";
import { ratingsMap, setRating } from "../../shared/schema/ratingsDoc";
import { openMemoryStore } from "./helpers/memoryStore";
import { headerCaller, listen, storeDocuments } from "./helpers/restApp";

const store = await openMemoryStore(["lead", "ana", "bo", "zed"]);
const docs = storeDocuments(store);
const work = new HeavyWork();
const actorOf = (req: express.Request) => ({
  userId: req.get("x-ach-user") ?? "lead",
  now: new Date().toISOString(),
});
let served: Awaited<ReturnType<typeof listen>>;
let base = "";

beforeAll(async () => {
  const rest = express();
  rest.use(express.json());
  rest.use(headerCaller("lead", (user) => (user === "ana" ? "analyst" : "lead")));
  rest.use("/api/analyses", analysesRouter({ store, docs, actorOf, memberships: store, work }));
  rest.use(
    "/api/analyses",
    approvalsRouter({
      store,
      docs,
      actorOf,
      versions: store,
      statuses: new ApprovalStatuses(work),
    }),
  );
  rest.use(errorHandler(silentLogger));
  served = await listen(rest);
  base = served.base;
});

afterAll(async () => {
  await served.close();
  await work.close();
  await store.close();
});

async function call(method: string, path: string, body?: unknown, user = "lead") {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { "content-type": "application/json", "x-ach-user": user, "x-ach-name": "Lea Lead" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> & { [k: string]: never } };
}

interface ScoresView {
  weights: { low: number; medium: number; high: number };
  ranking: string[];
  hypotheses: { id: string; weighted: number; inconsistency: number }[];
  cells: {
    evidenceId: string;
    hypothesisId: string;
    consensus: { rating: string | null; overridden: boolean };
  }[];
  warnings: { code: string; count: number }[];
}

async function scoresOf(id: string): Promise<ScoresView> {
  const { json } = await call("GET", `/api/analyses/${id}`);
  return json.scores as unknown as ScoresView;
}

/** Two hypotheses, two rows (e1 high credibility), ana and bo rating. */
async function createAnalysis(): Promise<string> {
  const { status, json } = await call("POST", "/api/analyses", {
    schemaVersion: 1,
    title: "Raid",
    hypotheses: [
      { id: "h1", title: "ISKP" },
      { id: "h2", title: "NRF" },
    ],
    evidence: [
      { id: "e1", claim: "Night raid", credibility: "high", relevance: "high" },
      { id: "e2", claim: "Leaflets", credibility: "low", relevance: "low" },
    ],
    milestones: [{ id: "m1", hypothesisId: "h1", text: "Claim of responsibility" }],
    ratings: {
      ana: { name: "Ana", cells: { "e1:h1": "I", "e1:h2": "C", "e2:h1": "C", "e2:h2": "II" } },
      bo: { name: "Bo", cells: { "e1:h1": "I", "e1:h2": "N", "e2:h1": "C", "e2:h2": "II" } },
    },
  });
  expect(status).toBe(201);
  const id = json.id as unknown as string;
  // The creator is lead; the two raters are the analysts whose ratings count.
  for (const userId of ["ana", "bo"]) await store.setMember({ analysisId: id, userId, role: "analyst" });
  return id;
}

describe("approval", () => {
  it("pins a version of every document and shows the approval in the lead document", async () => {
    const id = await createAnalysis();
    const { status, json } = await call("POST", `/api/analyses/${id}/approvals`, {
      note: "Ready for the brief",
    });
    expect(status).toBe(201);
    const approval = json.approval as unknown as {
      versionId: string;
      byName: string;
      by: string;
      note: string;
    };
    expect(approval).toMatchObject({ by: "lead", byName: "Lea Lead", note: "Ready for the brief" });

    const version = await store.getVersion(approval.versionId);
    expect(version?.record).toMatchObject({ analysisId: id, kind: "approval", createdBy: "lead" });
    expect([...(version?.documents.keys() ?? [])].sort()).toEqual(
      [id, `${id}/lead`, `${id}/ratings/ana`, `${id}/ratings/bo`].sort(),
    );
    expect((await store.listVersions(id)).map((v) => v.id)).toEqual([approval.versionId]);

    const view = await call("GET", `/api/analyses/${id}`);
    expect((view.json.lead as unknown as { approvals: unknown[] }).approvals).toEqual([approval]);
    const state = await call("GET", `/api/analyses/${id}/approval-status`);
    expect(state.json).toMatchObject({ approved: true, approval, changesSince: 0, changes: [] });
  });

  it("counts every change made after the approval, field by field", async () => {
    const id = await createAnalysis();
    await call("POST", `/api/analyses/${id}/approvals`, {});
    await docs.transact(id, (doc) => renameHypothesis(doc, "h2", "NRF collaborators"), { userId: "ana" });
    await docs.transact(id, (doc) => setEvidenceArchived(doc, "e2", true), { userId: "ana" });
    await docs.transact(`${id}/ratings/ana`, (doc) => setRating(doc, "e1", "h2", "CC"), { userId: "ana" });
    await docs.transact(`${id}/lead`, (doc) => setWeights(doc, { low: 0.5, medium: 1, high: 2 }), {
      userId: "lead",
    });
    const { json } = await call("GET", `/api/analyses/${id}/approval-status`);
    expect(json).toMatchObject({
      approved: true,
      changesSince: 4,
      counts: { meta: 0, hypothesis: 1, evidence: 1, milestone: 0, rating: 1, lead: 1 },
    });
    const changes = json.changes as unknown as { area: string; id: string; field?: string }[];
    expect(changes.map((c) => `${c.area}:${c.id}:${c.field ?? ""}`).sort()).toEqual([
      "evidence:e2:archived",
      "hypothesis:h2:title",
      "lead:weights:",
      "rating:e1:h2:",
    ]);
  });

  it("reports an unapproved analysis as such", async () => {
    const id = await createAnalysis();
    const { json } = await call("GET", `/api/analyses/${id}/approval-status`);
    expect(json).toEqual({ approved: false, approval: null, changesSince: null, counts: null, changes: [] });
  });

  it("refuses an approval from someone who may not approve, and bad bodies", async () => {
    const id = await createAnalysis();
    expect((await call("POST", `/api/analyses/${id}/approvals`, {}, "ana")).status).toBe(403);
    const bad = await call("POST", `/api/analyses/${id}/approvals`, { note: 5 });
    expect(bad.status).toBe(400);
    expect((await call("POST", "/api/analyses/nope/approvals", {})).status).toBe(404);
    expect(await store.listVersions(id)).toEqual([]);
  });
});

describe("scores in the JSON view", () => {
  it("follow the lead's weights and overrides", async () => {
    const id = await createAnalysis();
    const before = await scoresOf(id);
    // h1: e1 I (high×high = 2) → 2; h2: e2 II (low×low = 0.5) → 1.
    expect(before.hypotheses.map((h) => [h.id, h.inconsistency, h.weighted])).toEqual([
      ["h1", 1, expect.closeTo(2, 9)],
      ["h2", 2, expect.closeTo(1, 9)],
    ]);
    expect(before.ranking).toEqual(["h2", "h1"]);

    await docs.transact(`${id}/lead`, (doc) => setWeights(doc, { low: 1, medium: 1, high: 1 }), {
      userId: "lead",
    });
    const flat = await scoresOf(id);
    expect(flat.hypotheses.map((h) => h.weighted)).toEqual([1, 2]);
    expect(flat.ranking).toEqual(["h1", "h2"]);

    await docs.transact(
      `${id}/lead`,
      (doc) =>
        setOverride(doc, "e2:h2", { rating: "C", reason: "Leaflets were forged", by: "lead", at: "now" }),
      { userId: "lead" },
    );
    const overridden = await scoresOf(id);
    expect(overridden.hypotheses.map((h) => h.weighted)).toEqual([1, 0]);
    expect(
      overridden.cells.find((c) => c.evidenceId === "e2" && c.hypothesisId === "h2")?.consensus,
    ).toMatchObject({
      rating: "C",
      overridden: true,
    });
  });

  it("ignores bad input with warnings: unknown codes, bad weights, archived rows, non-members", async () => {
    const id = await createAnalysis();
    await docs.transact(`${id}/ratings/ana`, (doc) => ratingsMap(doc).set("e1:h1", "VERY"), {
      userId: "ana",
    });
    await docs.transact(
      `${id}/lead`,
      (doc) => {
        settingsMap(doc).set("weights", { low: Number.NaN, medium: -1, high: 2 });
        overridesMap(doc).set("e1:h2", { rating: "ZZ", reason: "x", by: "lead", at: "now" });
      },
      { userId: "lead" },
    );
    await docs.transact(id, (doc) => setEvidenceArchived(doc, "e2", true), { userId: "ana" });
    await docs.transact(`${id}/ratings/zed`, (doc) => setRating(doc, "e1", "h1", "CC"), { userId: "zed" });
    await store.setMember({ analysisId: id, userId: "ana", role: "analyst" });
    await store.setMember({ analysisId: id, userId: "bo", role: "analyst" });
    await store.setMember({ analysisId: id, userId: "lead", role: "lead" });
    await store.setMember({ analysisId: id, userId: "zed", role: "viewer" });

    const { status, json } = await call("GET", `/api/analyses/${id}`);
    expect(status).toBe(200);
    const scores = json.scores as unknown as ScoresView;
    const codes = scores.warnings.map((w) => w.code);
    expect(codes).toEqual(
      expect.arrayContaining(["bad_weight", "unknown_rating_code", "unknown_cell", "non_member_ratings"]),
    );
    expect(scores.warnings.filter((w) => w.code === "bad_weight")).toHaveLength(2);
    expect(scores.weights).toMatchObject({ low: expect.closeTo(Math.SQRT1_2, 9), medium: 1, high: 2 });
    // e1:h1 keeps only bo's I; zed (a viewer) does not count; e2 is archived.
    expect(scores.hypotheses.map((h) => [h.id, h.inconsistency])).toEqual([
      ["h1", 1],
      ["h2", 0],
    ]);
  });
});

describe("approval status under load", () => {
  it("answers every one of many concurrent calls while edits stream, on one worker with no queue", async () => {
    const id = await createAnalysis();
    await call("POST", `/api/analyses/${id}/approvals`, {});
    // The tightest pool: one task at a time, nothing waits. Identical calls must share one computation.
    const tight = new HeavyWork({ maxThreads: 1, maxQueue: 0 });
    const rest = express();
    rest.use(headerCaller("lead", () => "lead"));
    rest.use(
      "/api/analyses",
      approvalsRouter({ store, docs, actorOf, versions: store, statuses: new ApprovalStatuses(tight) }),
    );
    rest.use(errorHandler(silentLogger));
    const app = await listen(rest);
    try {
      const statuses: number[] = [];
      for (let round = 0; round < 6; round++) {
        const edit = docs.transact(
          `${id}/ratings/ana`,
          (doc) => setRating(doc, "e1", "h1", round % 2 ? "C" : "II"),
          { userId: "ana" },
        );
        const calls = Array.from({ length: 8 }, () =>
          fetch(`${app.base}/api/analyses/${id}/approval-status`).then((res) => res.status),
        );
        statuses.push(...(await Promise.all(calls)));
        await edit;
      }
      expect(statuses.filter((s) => s !== 200)).toEqual([]);
      // After the edits settle, the answer reflects the last one.
      const last = (await (await fetch(`${app.base}/api/analyses/${id}/approval-status`)).json()) as {
        changesSince: number;
      };
      expect(last.changesSince).toBe(1);
    } finally {
      await app.close();
      await tight.close();
    }
  });

  it("diffs once for calls on an unchanged analysis and again only after a change", async () => {
    const id = await createAnalysis();
    await call("POST", `/api/analyses/${id}/approvals`, {});
    const statuses = new ApprovalStatuses(work);
    const diffs = vi.spyOn(work, "runJson");
    try {
      const first = await Promise.all(Array.from({ length: 5 }, () => statuses.status(docs, store, id)));
      await statuses.status(docs, store, id);
      expect(diffs).toHaveBeenCalledTimes(1);
      expect(first.map((s) => s.changesSince)).toEqual([0, 0, 0, 0, 0]);
      await docs.transact(id, (doc) => renameHypothesis(doc, "h2", "NRF cell"), { userId: "ana" });
      expect((await statuses.status(docs, store, id)).changesSince).toBe(1);
      expect(diffs).toHaveBeenCalledTimes(2);
    } finally {
      diffs.mockRestore();
    }
  });
});
