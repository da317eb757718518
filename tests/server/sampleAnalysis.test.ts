import { afterEach, describe, expect, it } from "vitest";
import { type RunningServer, startServer } from "../../server/app";
import { SAMPLE_ANALYSIS_ID, SAMPLE_ANALYSTS } from "../../server/seed/khairkhaneSample";
import { ensureSampleAnalysis } from "../../server/seed/sampleAnalysis";
import { openSqliteStore, type SqlStore } from "../../server/store/sql/SqlStore";
import { pageTexts } from "../fixtures/pdfText";
import { captureLogger } from "./helpers/captureLogger";
import { makeTempDir, type TempDir } from "./helpers/tempDir";

const config = {
  port: 0,
  host: "127.0.0.1",
  maxMessageBytes: 1 << 20,
  maxJsonBytes: 1 << 20,
  roomIdleMs: 50,
};

describe("the sample analysis on a fresh instance", () => {
  let dir: TempDir | undefined;
  let server: RunningServer | undefined;
  let store: SqlStore | undefined;

  afterEach(async () => {
    await server?.close();
    await store?.close();
    await dir?.remove();
  });

  async function boot(): Promise<{ cookie: string; url: string }> {
    store = await openSqliteStore({ location: { dataDir: (dir as TempDir).path } });
    await ensureSampleAnalysis(store, new Date().toISOString());
    server = await startServer({ config, store, logger: captureLogger() });
    const url = server.url;
    const setup = await fetch(`${url}/api/session`).then((r) => r.json());
    if (setup.setupRequired) {
      const res = await fetch(`${url}/api/setup`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: url },
        body: JSON.stringify({ name: "admin", password: "correct horse battery" }),
      });
      expect(res.status).toBe(201);
    }
    const login = await fetch(`${url}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: url },
      body: JSON.stringify({ name: "admin", password: "correct horse battery" }),
    });
    const cookie = (login.headers.getSetCookie()[0] ?? "").split(";")[0] as string;
    return { cookie, url };
  }

  it("asks for the admin although the sample analysts exist, and makes that admin the sample's lead", async () => {
    dir = await makeTempDir("ach-sample-");
    const { cookie, url } = await boot();
    const members = await fetch(`${url}/api/analyses/${SAMPLE_ANALYSIS_ID}/members`, {
      headers: { cookie },
    }).then((r) => r.json());
    expect(members.role).toBe("lead");
    const analysts = members.members
      .filter((m: { role: string }) => m.role === "analyst")
      .map((m: { userId: string }) => m.userId);
    expect(analysts.sort()).toEqual(SAMPLE_ANALYSTS.map((a) => a.id).sort());
    const signIn = await fetch(`${url}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: url },
      body: JSON.stringify({ name: SAMPLE_ANALYSTS[0].name, password: "" }),
    });
    expect(signIn.status).toBeGreaterThanOrEqual(400);
  });

  it("scores the sample's ratings through the API and is created only once across restarts", async () => {
    dir = await makeTempDir("ach-sample-");
    let { cookie, url } = await boot();
    const first = await fetch(`${url}/api/analyses/${SAMPLE_ANALYSIS_ID}`, { headers: { cookie } }).then(
      (r) => r.json(),
    );
    expect(first.scores.ranking).toEqual(["h-nrf", "h-retaliation", "h-iskp"]);
    expect(first.scores.hypotheses.map((h: { inconsistency: number }) => h.inconsistency)).toEqual([2, 1, 1]);
    expect(first.scores.warnings).toEqual([]);
    // The sample's source library is stored (captured text in its own documents) and every row cites.
    expect(first.sources.length).toBeGreaterThanOrEqual(9);
    for (const row of first.evidence) {
      expect(row.citations).toHaveLength(1);
      expect(row.citations[0].position).not.toBeNull();
    }

    await server?.close();
    await store?.close();
    ({ cookie, url } = await boot());
    const list = await fetch(`${url}/api/analyses`, { headers: { cookie } }).then((r) => r.json());
    expect(list.analyses.filter((a: { id: string }) => a.id === SAMPLE_ANALYSIS_ID)).toHaveLength(1);
    const again = await fetch(`${url}/api/analyses/${SAMPLE_ANALYSIS_ID}`, { headers: { cookie } }).then(
      (r) => r.json(),
    );
    expect(again.evidence).toHaveLength(first.evidence.length);
    expect(again.hypotheses).toHaveLength(3);
  });

  it("prints 'Changed since approval' in the PDF once the approved analysis is edited", async () => {
    dir = await makeTempDir("ach-sample-");
    const { cookie, url } = await boot();
    const send = (method: string, path: string, body?: unknown) =>
      fetch(`${url}${path}`, {
        method,
        headers: { cookie, origin: url, "content-type": "application/json" },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    const pdfText = async () => {
      const res = await send("GET", `/api/analyses/${SAMPLE_ANALYSIS_ID}/export.pdf`);
      expect(res.status).toBe(200);
      return (await pageTexts(new Uint8Array(await res.arrayBuffer())))[0] ?? "";
    };
    expect(await pdfText()).toContain("Not approved");
    expect((await send("POST", `/api/analyses/${SAMPLE_ANALYSIS_ID}/approvals`, { note: "ok" })).status).toBe(
      201,
    );
    expect(await pdfText()).toContain("Approved by admin");
    expect(
      (await send("PATCH", `/api/analyses/${SAMPLE_ANALYSIS_ID}`, { question: "Who were the men?" })).status,
    ).toBe(200);
    expect(await pdfText()).toContain("Changed since approval by admin");
  });
});
