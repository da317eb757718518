/**
 * One member's heavy work cannot starve the others': a task past its deadline is stopped and frees
 * its thread, the deadline counts running only (not waiting behind someone's slow task), waiting is
 * bounded with 503 `server_busy` and Retry-After, and one requester holds at most a few places.
 */
import { afterEach, describe, expect, it } from "vitest";
import { HeavyWork, type HeavyWorkOptions } from "../../server/workers/HeavyWork";
import type { HeavyTask } from "../../server/workers/heavyTasks";
import { AppError } from "../../shared/errors";
import { syntheticInput } from "../fixtures/exportFixtures";
import { startAuthApp } from "./helpers/authApp";

const workerFile = new URL("./helpers/fakeHeavyWorker.mjs", import.meta.url).href;
const spin = { kind: "spin" } as unknown as HeavyTask;
const small: HeavyTask = { kind: "fold", updates: [] };
const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

let work: HeavyWork | undefined;
afterEach(() => work?.close());

function pool(options: HeavyWorkOptions): HeavyWork {
  work = new HeavyWork({ maxThreads: 1, workerFile, ...options });
  return work;
}

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe("HeavyWork fairness", () => {
  it("B's small task waits out A's runaway one and succeeds; A's times out and frees its thread", async () => {
    const heavy = pool({ timeoutMs: 1_000, queueTimeoutMs: 60_000 });
    const a = heavy.run(spin, { requester: "A" });
    const b = heavy.runBytes(small, { requester: "B" });
    expect((await refusal(a)).code).toBe("took_too_long");
    expect(text(await b)).toBe("fold");
    expect(text(await heavy.runBytes(small, { requester: "A" }))).toBe("fold");
    expect(heavy.tasks).toBe(0);
  }, 30_000);

  it("a requester's queued tasks take turns with another's", async () => {
    const heavy = pool({ timeoutMs: 1_000, queueTimeoutMs: 60_000 });
    const a1 = heavy.run(spin, { requester: "A" });
    const a2 = heavy.run(spin, { requester: "A" });
    const b = heavy.runBytes(small, { requester: "B" });
    expect((await refusal(a1)).code).toBe("took_too_long");
    // B is served before A's second runaway task: it answers while that one still spins.
    expect(text(await b)).toBe("fold");
    expect(heavy.tasks).toBe(1);
    expect((await refusal(a2)).code).toBe("took_too_long");
  }, 30_000);

  it("refuses a requester over its limit with 429 rate_limited and Retry-After; others still queue", async () => {
    const heavy = pool({ timeoutMs: 2_000, queueTimeoutMs: 60_000, maxPerRequester: 2 });
    const held = [heavy.run(spin, { requester: "A" }), heavy.run(spin, { requester: "A" })];
    for (const task of held) void task.catch(() => undefined);
    const over = await refusal(heavy.run(small, { requester: "A" }));
    expect(over.code).toBe("rate_limited");
    expect(over.status).toBe(429);
    expect(over.retryAfterSeconds).toBeGreaterThan(0);
    const b = heavy.runBytes(small, { requester: "B" });
    expect(text(await b)).toBe("fold");
  }, 30_000);

  it("bounds the wait for a thread with 503 server_busy and Retry-After", async () => {
    const heavy = pool({ timeoutMs: 60_000, queueTimeoutMs: 200 });
    const a = heavy.run(spin, { requester: "A" });
    const busy = await refusal(heavy.run(small, { requester: "B" }));
    expect(busy.code).toBe("server_busy");
    expect(busy.retryAfterSeconds).toBeGreaterThan(0);
    expect(heavy.tasks).toBe(1);
    void a.catch(() => undefined);
  }, 30_000);
});

describe("heavy routes name their requester", () => {
  it("answers a user's export beyond their limit with 429 rate_limited and Retry-After", async () => {
    const app = await startAuthApp({ heavyWork: { maxPerRequester: 1 } });
    try {
      const created = await app.request("lead", "POST", "/api/analyses", syntheticInput(200, 10, 2));
      const { id } = (await created.json()) as { id: string };
      // Both requests reach the pool before the first PDF (a worker's start alone takes ~0.4 s) is done.
      const [first, second] = await Promise.all([
        app.request("lead", "GET", `/api/analyses/${id}/export.pdf`),
        app.request("lead", "GET", `/api/analyses/${id}/export.pdf`),
      ]);
      const statuses = [first.status, second.status].sort();
      expect(statuses).toEqual([200, 429]);
      const refused = first.status === 429 ? first : second;
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("rate_limited");
    } finally {
      await app.close();
    }
  }, 120_000);
});
