import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { syntheticInput } from "../fixtures/exportFixtures";
import { type AuthApp, startAuthApp } from "./helpers/authApp";

/**
 * Imports, JSON creates and restores build whole documents: that work runs in a worker thread, so
 * the sync thread keeps answering meanwhile. Shown by ordering, not timing: `/healthz` answers
 * while it reports the task in the worker, before the request doing that work has answered.
 */
let app: AuthApp;
const BIG = JSON.stringify(syntheticInput(3_000, 10, 3));

beforeAll(async () => {
  app = await startAuthApp({ maxJsonBytes: 64 << 20 });
});
afterAll(() => app?.close());

const upload = (path: string, body: string) =>
  fetch(`${app.url}${path}`, {
    method: "POST",
    headers: { origin: app.url, cookie: app.users.lead.cookie, "content-type": "application/json" },
    body,
  });

/**
 * Probes `/healthz` back to back while `work` runs, until a probe reports a task in the worker
 * threads; resolves with whether `work` had already answered by then, and its answer.
 */
async function probeUntilWorking(
  work: Promise<Response>,
): Promise<{ answeredFirst: boolean; res: Response }> {
  let answered = false;
  const finished = work.finally(() => {
    answered = true;
  });
  for (;;) {
    const health = (await (await fetch(`${app.url}/healthz`)).json()) as { work: { tasks: number } };
    if (health.work.tasks > 0) return { answeredFirst: answered, res: await finished };
    if (answered) return { answeredFirst: true, res: await finished };
  }
}

describe("write paths that build whole documents run off the sync thread", () => {
  it("answers /healthz while a 3 000-row import is read and built, before the import answers", async () => {
    const { answeredFirst, res } = await probeUntilWorking(upload("/api/imports", BIG));
    expect(answeredFirst).toBe(false);
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: string };
    const view = (await (await app.request("lead", "GET", `/api/analyses/${id}`)).json()) as {
      evidence: unknown[];
    };
    expect(view.evidence).toHaveLength(3_000);
  });

  it("answers /healthz while a preview reads a 3 000-row file, before the preview answers", async () => {
    const { answeredFirst, res } = await probeUntilWorking(upload("/api/imports/preview", BIG));
    expect(answeredFirst).toBe(false);
    expect(await res.json()).toMatchObject({ format: "json", evidence: 3_000, hypotheses: 10, analysts: 3 });
  });

  it("answers /healthz while a 3 000-row analysis is created from JSON, before the create answers", async () => {
    const { answeredFirst, res } = await probeUntilWorking(upload("/api/analyses", BIG));
    expect(answeredFirst).toBe(false);
    expect(res.status).toBe(201);
  });

  it("answers /healthz while a restore of a 3 000-row analysis is planned, then restores it", async () => {
    const created = await upload("/api/analyses", BIG);
    const { id } = (await created.json()) as { id: string };
    const saved = await app.request("lead", "POST", `/api/analyses/${id}/versions`, { name: "before" });
    const { id: versionId } = (await saved.json()) as { id: string };
    await app.request("lead", "PATCH", `/api/analyses/${id}`, { title: "Renamed after the version" });
    const { answeredFirst, res } = await probeUntilWorking(
      app.request("lead", "POST", `/api/analyses/${id}/restore`, { versionId }),
    );
    expect(answeredFirst).toBe(false);
    expect(await res.json()).toMatchObject({ restored: true, documents: [id] });
    const record = (await (await app.request("lead", "GET", `/api/analyses/${id}`)).json()) as {
      title: string;
    };
    expect(record.title).toBe("Synthetic 3000 × 10");
  });
});
