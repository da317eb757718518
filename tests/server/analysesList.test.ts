import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApprovalStatuses } from "../../server/analyses/ApprovalStatuses";
import { AnalysisSummaries } from "../../server/analyses/analysisSummaries";
import { approveAnalysis } from "../../server/commands/approveAnalysis";
import { errorHandler } from "../../server/http/errorHandler";
import { analysesRouter } from "../../server/routes/analyses";
import { silentLogger } from "../../server/sync/logger";
import { HeavyWork } from "../../server/workers/HeavyWork";
import { renameHypothesis } from "../../shared/schema/contentDoc";
import { openMemoryStore } from "./helpers/memoryStore";
import { headerCaller, listen, storeDocuments } from "./helpers/restApp";
import { waitFor } from "./helpers/waitFor";

const store = await openMemoryStore();
const docs = storeDocuments(store);
const work = new HeavyWork();
const actorOf = (req: express.Request) => ({
  userId: req.get("x-ach-user") ?? "lea",
  now: new Date().toISOString(),
});
let served: Awaited<ReturnType<typeof listen>>;

beforeAll(async () => {
  for (const [id, name] of [
    ["lea", "Lea Lead"],
    ["ana", "Ana Analyst"],
  ] as const) {
    await store.createUser({ id, name, passwordHash: null, admin: false, disabled: false, createdAt: "" });
  }
  const summaries = new AnalysisSummaries({
    docs,
    accounts: store,
    versions: store,
    activity: store,
    approvals: new ApprovalStatuses(work),
  });
  const rest = express();
  rest.use(express.json());
  rest.use(headerCaller("lea"));
  rest.use("/api/analyses", analysesRouter({ store, docs, actorOf, memberships: store, summaries, work }));
  rest.use(errorHandler(silentLogger));
  served = await listen(rest);
});

afterAll(async () => {
  await served.close();
  await work.close();
  await store.close();
});

interface Listed {
  id: string;
  role: string;
  hypotheses: number;
  evidence: number;
  myRated: number;
  approval: string;
  team: { name: string; role: string; color: string }[];
  lastEditedAt: string;
}

async function list(user: string): Promise<Listed[]> {
  const res = await fetch(`${served.base}/api/analyses`, { headers: { "x-ach-user": user } });
  expect(res.status).toBe(200);
  return ((await res.json()) as { analyses: Listed[] }).analyses;
}

describe("the analyses list", () => {
  it("gives each analysis its size, the caller's rating progress, team and approval state", async () => {
    const res = await fetch(`${served.base}/api/analyses`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        schemaVersion: 1,
        title: "Raid",
        hypotheses: [
          { id: "h1", title: "ISKP" },
          { id: "h2", title: "NRF" },
          { id: "h3", title: "Old", archived: true },
        ],
        evidence: [
          { id: "e1", claim: "Night raid" },
          { id: "e2", claim: "Leaflets" },
          { id: "e3", claim: "Rumour" },
        ],
        ratings: { ana: { name: "Ana", cells: { "e1:h1": "I", "e2:h2": "C", "e1:h3": "C" } } },
      }),
    });
    const { id } = (await res.json()) as { id: string };
    await store.setMember({ analysisId: id, userId: "lea", role: "lead" });
    await store.setMember({ analysisId: id, userId: "ana", role: "analyst" });

    const [asAna] = await list("ana");
    expect(asAna).toMatchObject({
      id,
      role: "analyst",
      hypotheses: 2,
      evidence: 3,
      myRated: 2,
      approval: "draft",
    });
    expect(asAna?.team.map((m) => `${m.name}:${m.role}`)).toEqual(["Lea Lead:lead", "Ana Analyst:analyst"]);
    expect((await list("lea"))[0]).toMatchObject({ myRated: 0 });

    await approveAnalysis(docs, store, {
      analysisId: id,
      actor: { userId: "lea", now: new Date().toISOString() },
      byName: "Lea Lead",
      note: "",
    });
    // Every persisted edit moves updatedAt (the toucher); the cached summary follows it.
    await waitFor(async () => {
      await store.updateAnalysis(id, {});
      expect((await list("lea"))[0]?.approval).toBe("approved");
    });
    await docs.transact(id, (doc) => renameHypothesis(doc, "h1", "ISKP cell"), { userId: "ana" });
    await waitFor(async () => {
      await store.updateAnalysis(id, {});
      expect((await list("lea"))[0]?.approval).toBe("changed");
    });
  });

  it("lists nothing of analyses the caller is not a member of", async () => {
    expect(await list("stranger")).toEqual([]);
  });
});
