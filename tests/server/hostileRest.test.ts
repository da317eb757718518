/**
 * Hostile members over REST: an analyst of the analysis and a self-registered user (signed in,
 * member of nothing) try each attack; after every attack the analysis still reads for its lead,
 * with the lead still lead.
 */
import { request as httpRequest } from "node:http";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type AuthApp, PASSWORD, startAuthApp } from "./helpers/authApp";

let app: AuthApp;
let versionId = "";
type Attacker = "analyst" | "outsider";
const ATTACKERS: readonly Attacker[] = ["analyst", "outsider"];

beforeAll(async () => {
  app = await startAuthApp({ auth: { trustProxy: 1, login: { freeFailures: 3, maxPerIp: 1_000 } } });
  const res = await app.request("lead", "POST", `/api/analyses/${app.analysisId}/versions`, {
    name: "before",
  });
  versionId = ((await res.json()) as { id: string }).id;
});
afterAll(async () => {
  await app?.close();
});

/** The lead still leads the analysis, reads and exports it, and can restore a version. */
afterEach(async () => {
  const id = app.analysisId;
  const members = await app.store.listMembers(id);
  expect(members.find((m) => m.userId === app.users.lead.id)?.role).toBe("lead");
  expect(members.find((m) => m.userId === app.users.analyst.id)?.role).toBe("analyst");
  expect(members.some((m) => m.userId === app.users.outsider.id)).toBe(false);
  expect((await app.store.getAnalysis(id))?.archived).toBe(false);
  for (const path of ["", "/members", "/export.csv", "/export.json"]) {
    expect((await app.request("lead", "GET", `/api/analyses/${id}${path}`)).status).toBe(200);
  }
  const restore = { versionId, scope: "analysis", dryRun: true };
  expect((await app.request("lead", "POST", `/api/analyses/${id}/restore`, restore)).status).toBe(200);
});

/** Sends a raw request with a Host header of our choosing (fetch will not). */
function withHost(host: string, path: string): Promise<{ status: number; headers: Record<string, unknown> }> {
  const { port } = new URL(app.url);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: "127.0.0.1", port, path, headers: { host } }, (res) => {
      res.resume();
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("hostile members over REST", () => {
  for (const who of ATTACKERS) {
    it(`keeps the ${who} from making themselves lead or removing the lead in any letter case`, async () => {
      const id = app.analysisId;
      const self = app.users[who].id;
      const lead = app.users.lead.id;
      const attempts: [string, string, unknown][] = [
        ["PUT", `/api/analyses/${id}/Members/${self}`, { role: "lead" }],
        ["PUT", `/api/analyses/${id}/%4Dembers/${self}`, { role: "lead" }],
        ["PUT", `/api/analyses/${id}//members/${self}/`, { role: "lead" }],
        ["POST", `/API/ANALYSES/${id}/MEMBERS`, { name: app.users[who].name, role: "lead" }],
        ["DELETE", `/api/analyses/${id}/MEMBERS/${lead}`, undefined],
        ["PUT", `/api/analyses/${id}/members/${lead}`, { role: "viewer" }],
        ["DELETE", `/api/Analyses/${id}`, undefined],
        ["PATCH", `/api/analyses/${id}/`, { archived: true }],
        ["POST", `/api/analyses/${id}/Restore`, { versionId: "v", scope: "analysis" }],
        ["POST", `/api/analyses/${id}/Approvals`, { note: "mine" }],
      ];
      for (const [method, path, body] of attempts) {
        const res = await app.request(who, method, path, body);
        expect({ method, path, status: res.status }).toMatchObject({
          status: who === "outsider" ? 404 : expect.toSatisfy((s: number) => s === 403 || s === 404),
        });
      }
    });
  }

  it("locks a password guesser out of the lead's account without locking the lead out", async () => {
    const guess = (password: string, address: string) =>
      fetch(`${app.url}/api/auth/login`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: app.url, "x-forwarded-for": address },
        body: JSON.stringify({ name: app.users.lead.name, password }),
      });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await guess(`guess ${i}`, "203.0.113.66")).status);
    expect(statuses).toEqual([401, 401, 401, 429, 429, 429]);
    expect((await guess(PASSWORD, "203.0.113.66")).status).toBe(429);
    expect((await guess(PASSWORD, "198.51.100.1")).status).toBe(200);
    expect(app.logs.filter((l) => l.includes("sign-in locked out"))).toHaveLength(1);
  });

  it("answers a Host header that would inject into the CSP with 400, not 500", async () => {
    for (const host of ["evil; script-src *", "a;b", "x\tb", "host:80:80", "a b"]) {
      const res = await withHost(host, "/api/session");
      expect({ host, status: res.status }).toEqual({ host, status: 400 });
    }
    const ok = await withHost("ach.example:8080", "/api/session");
    expect(ok.status).toBe(200);
    expect(String(ok.headers["content-security-policy"])).toContain("ws://ach.example:8080");
  });

  it("answers requests no route matched in JSON, whatever the spelling, and changes nothing", async () => {
    const id = app.analysisId;
    const self = app.users.analyst.id;
    for (const [method, path] of [
      ["PUT", `//api//analyses//${id}//members//${self}`],
      ["DELETE", `/api/analyses/${id}/%6Dembers/${self}`],
      ["POST", "/nowhere"],
    ] as const) {
      const res = await app.request("analyst", method, path, { role: "lead" });
      expect({ method, path, status: res.status }).toEqual({ method, path, status: 404 });
      expect(res.headers.get("content-type")).toMatch(/^application\/json/);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("not_found");
    }
    const members = await app.store.listMembers(id);
    expect(members.find((m) => m.userId === self)?.role).toBe("analyst");
  });

  it("says what is wrong with a create body that is not a JSON object, and creates nothing", async () => {
    const before = (await app.store.listAnalyses()).length;
    const post = (body: string, type: string | null) =>
      fetch(`${app.server.url}/api/analyses`, {
        method: "POST",
        headers: {
          authorization: `Bearer ${app.users.analyst.token}`,
          ...(type === null ? {} : { "content-type": type }),
        },
        body,
      });
    for (const type of ["text/plain", "application/x-www-form-urlencoded", "application/xml"]) {
      const res = await post('{"title":"x"}', type);
      expect({ type, status: res.status }).toEqual({ type, status: 415 });
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(
        /application\/json/,
      );
    }
    for (const body of ["null", "1e999999", '"a title"']) {
      const res = await post(body, "application/json");
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/JSON object/);
    }
    expect((await app.store.listAnalyses()).length).toBe(before);
  });

  it("neutralises formulas and bidi tricks that a self-registered user imports for others to download", async () => {
    const res = await app.request("outsider", "POST", "/api/imports", {
      schemaVersion: 1,
      title: "Q3 report\u202Efdp.exe",
      hypotheses: [{ id: "h1", title: '\uFF1DHYPERLINK("http://evil")' }],
      evidence: [
        { id: "e1", claim: "\u200B=cmd|' /C calc'!A0" },
        { id: "e2", claim: "\uFF0B1+1" },
        { id: "e3", claim: "\uFEFF\u200B\uFF20SUM(A1)" },
        { id: "e4", claim: "nul\0byte" },
      ],
    });
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: string };
    const csv = await app.request("outsider", "GET", `/api/analyses/${id}/export.csv`);
    const text = await csv.text();
    expect(text).toContain("E1,'\u200B=cmd");
    expect(text).toContain("E2,'\uFF0B1+1");
    expect(text).toContain("E3,'\u200B\uFF20SUM(A1)");
    expect(text).toContain("E4,nulbyte");
    expect(text).not.toContain("\0");
    const disposition = csv.headers.get("content-disposition") ?? "";
    expect(decodeURIComponent(disposition)).not.toContain("\u202E");
  });
});
