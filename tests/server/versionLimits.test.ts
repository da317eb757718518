/**
 * Saving versions is bounded: each is a full copy of the analysis, so a user saves at most a few in
 * a burst (429 `rate_limited` with Retry-After), an analysis keeps at most so many named versions
 * (409 `limit_reached`; approvals are never counted nor refused), and the list says who saved each.
 */
import { afterEach, describe, expect, it } from "vitest";
import { VersionLimits } from "../../server/history/versionLimits";
import { AppError } from "../../shared/errors";
import { type HistoryApp, type HistoryWho, startHistoryApp } from "./helpers/historyApp";

let open: HistoryApp | undefined;
afterEach(async () => {
  await open?.close();
  open = undefined;
});

interface Version {
  readonly name: string;
  readonly kind: string;
  readonly createdByName?: string | null;
}

async function save(a: HistoryApp, who: HistoryWho, name: string): Promise<Response> {
  return fetch(`${a.url}/api/analyses/${a.analysisId}/versions`, {
    method: "POST",
    headers: { authorization: `Bearer ${a.users[who].token}`, "content-type": "application/json" },
    body: JSON.stringify({ name }),
  });
}

describe("saving versions", () => {
  it("refuses a user saving too fast with 429 rate_limited and Retry-After; others may still save", async () => {
    const a = await startHistoryApp({ versionLimits: { burst: 2, perMinute: 1 } });
    open = a;
    expect((await save(a, "ana", "one")).status).toBe(201);
    expect((await save(a, "ana", "two")).status).toBe(201);
    const refused = await save(a, "ana", "three");
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("rate_limited");
    expect((await save(a, "bo", "bo's")).status).toBe(201);
  }, 60_000);

  it("caps named versions per analysis with 409 limit_reached; approvals still save", async () => {
    const a = await startHistoryApp({ versionLimits: { burst: 10, maxNamedPerAnalysis: 2 } });
    open = a;
    expect((await save(a, "lead", "one")).status).toBe(201);
    expect((await save(a, "ana", "two")).status).toBe(201);
    const refused = await save(a, "lead", "three");
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("limit_reached");
    const approved = await a.request("lead", "POST", `/api/analyses/${a.analysisId}/approvals`, {});
    expect(approved.status).toBe(201);
  }, 60_000);

  it("says who saved each version, so a name cannot pass for someone else's approval", async () => {
    const a = await startHistoryApp();
    open = a;
    const saved = await save(a, "ana", "Approved by lena");
    expect(((await saved.json()) as Version).createdByName).toBe(a.users.ana.name);
    const list = await a.request<{ versions: Version[] }>(
      "viewer",
      "GET",
      `/api/analyses/${a.analysisId}/versions`,
    );
    expect(list.body.versions.map((v) => [v.name, v.kind, v.createdByName])).toEqual([
      ["Approved by lena", "named", a.users.ana.name],
    ]);
  }, 60_000);
});

describe("VersionLimits", () => {
  it("refills a user's saves over time", () => {
    const limits = new VersionLimits({ burst: 1, perMinute: 6 });
    limits.takeSave("u", 0);
    const error = (() => {
      try {
        limits.takeSave("u", 1_000);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).retryAfterSeconds).toBe(9);
    expect(() => limits.takeSave("u", 10_000)).not.toThrow();
  });
});
