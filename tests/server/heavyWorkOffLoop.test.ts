import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AnalysisStates, liveStates } from "../../server/workers/analysisStates";
import { HeavyWork } from "../../server/workers/HeavyWork";
import type { HeavyTask } from "../../server/workers/heavyTasks";
import { AppError } from "../../shared/errors";
import { syntheticInput } from "../fixtures/exportFixtures";
import { type AuthApp, startAuthApp } from "./helpers/authApp";
import { captureLogger } from "./helpers/captureLogger";
import { storeDocuments } from "./helpers/restApp";

/**
 * Generous, for a loaded 2-core machine running other suites: a free event loop answers in a few
 * ms; on the sync thread the PDF blocks it for ~2 s and the 4 000-row view for ~1 s.
 */
const RESPONSIVE_MS = 500;
const logger = captureLogger();

let app: AuthApp;
let bigId = "";
let viewId = "";

beforeAll(async () => {
  app = await startAuthApp({ maxJsonBytes: 64 << 20, heavyWork: { timeoutMs: 120_000 } });
  const created = await app.request("lead", "POST", "/api/analyses", syntheticInput(1_000, 20, 3));
  expect(created.status).toBe(201);
  bigId = ((await created.json()) as { id: string }).id;
  const rows = await app.request("lead", "POST", "/api/analyses", syntheticInput(4_000, 20, 3));
  expect(rows.status).toBe(201);
  viewId = ((await rows.json()) as { id: string }).id;
}, 180_000);

afterAll(() => app.close());

/** Latencies of back-to-back `/healthz` requests while `work` runs, and what `work` answered. */
async function probeWhile(work: Promise<Response>): Promise<{ latencies: number[]; res: Response }> {
  let done = false;
  const finished = work.finally(() => {
    done = true;
  });
  const latencies: number[] = [];
  while (!done) {
    const start = performance.now();
    const health = await fetch(`${app.url}/healthz`);
    await health.arrayBuffer();
    latencies.push(performance.now() - start);
  }
  return { latencies, res: await finished };
}

async function bigStates(): Promise<AnalysisStates> {
  return liveStates(storeDocuments(app.store), bigId);
}

const pdfTask = (states: AnalysisStates): HeavyTask => ({
  kind: "export",
  format: "pdf",
  states,
  scoring: {},
  attachments: [],
  accountNames: {},
  query: {},
  changesSinceApproval: null,
  pdfMeta: { generatedAt: "2026-01-01T00:00:00Z", version: "test" },
});

// The bound is on /healthz latency, not on how long the work takes: a loaded machine (other test
// files run beside this one) may take longer than the default 30 s to render the big PDF, so the
// app's worker deadline and the test's are long (the deadline itself has its own test below).
describe("heavy work runs off the sync thread", { timeout: 150_000 }, () => {
  it("keeps /healthz responsive while a 1 000 × 20 PDF renders", async () => {
    const { latencies, res } = await probeWhile(
      app.request("lead", "GET", `/api/analyses/${bigId}/export.pdf`),
    );
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    expect(
      Buffer.from(await res.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe("%PDF-");
    expect(latencies.length).toBeGreaterThan(0);
    expect(Math.max(...latencies)).toBeLessThan(RESPONSIVE_MS);
  });

  it("keeps /healthz responsive while the JSON view of a 4 000-row analysis is built", async () => {
    const { latencies, res } = await probeWhile(app.request("lead", "GET", `/api/analyses/${viewId}`));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { evidence: unknown[]; scores: { ranking: unknown[] } };
    expect(body.evidence).toHaveLength(4_000);
    expect(body.scores.ranking).toHaveLength(20);
    expect(Math.max(...latencies)).toBeLessThan(RESPONSIVE_MS);
  });

  it("answers an export that passes its deadline with 503 took_too_long", async () => {
    const work = new HeavyWork({ timeoutMs: 100 }, logger);
    try {
      const error = await work.run(pdfTask(await bigStates())).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      expect(error).toMatchObject({ code: "took_too_long", status: 503 });
      expect((error as Error).message).toMatch(/took too long/);
    } finally {
      await work.close();
    }
  });

  it("gives an import its own, longer deadline and says to try a smaller file when it passes", async () => {
    const body = new TextEncoder().encode(JSON.stringify(syntheticInput(3_000, 10, 3)));
    const importTask = (): HeavyTask => ({
      kind: "importFile",
      bytes: body.slice(),
      preview: false,
      analysisId: "a-deadline",
      actor: { userId: "u1", now: "2026-01-01T00:00:00.000Z" },
      actorName: "",
      takenTitles: [],
      maxDecompressedBytes: 64 << 20,
    });
    // The export deadline does not apply to a write: the import finishes.
    const roomy = new HeavyWork({ timeoutMs: 1, writeTimeoutMs: 120_000 }, logger);
    try {
      await expect(roomy.run(importTask())).resolves.toMatchObject({ ok: true });
    } finally {
      await roomy.close();
    }
    const tight = new HeavyWork({ writeTimeoutMs: 100 }, logger);
    try {
      const error = await tight.run(importTask()).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: "took_too_long", status: 503 });
      expect((error as Error).message).toMatch(/try a smaller file/);
    } finally {
      await tight.close();
    }
  });

  it("answers an export that needs more memory than a worker may use with 413 too_much_memory", async () => {
    const work = new HeavyWork({ maxMemoryMb: 24 }, logger);
    try {
      const error = await work.run(pdfTask(await bigStates())).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: "too_much_memory", status: 413 });
    } finally {
      await work.close();
    }
  });

  it("refuses work beyond the queue with 503 server_busy, and still does the queued work", async () => {
    const work = new HeavyWork({ maxThreads: 1, maxQueue: 1 }, logger);
    try {
      const states = await bigStates();
      const results = await Promise.allSettled(
        Array.from({ length: 4 }, () =>
          work.run({ kind: "analysisView", states, scoring: {}, accountNames: {} }),
        ),
      );
      const refused = results.filter((r) => r.status === "rejected");
      expect(refused.length).toBeGreaterThan(0);
      for (const r of refused) expect(r.reason).toMatchObject({ code: "server_busy", status: 503 });
      expect(results.some((r) => r.status === "fulfilled")).toBe(true);
    } finally {
      await work.close();
    }
  });
});
