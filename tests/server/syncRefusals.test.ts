/**
 * Refused sync connections: a name nobody rates under opens no room, and a flood of refusals is
 * one summary line per period, counted per reason.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { CloseCode } from "../../shared/closeCodes";
import { ratingsDocName } from "../../shared/documentNames";
import { type AuthApp, startAuthApp, type Who } from "./helpers/authApp";
import { type CapturedLogger, captureLogger } from "./helpers/captureLogger";
import { startTestSyncServer } from "./helpers/testSyncServer";
import { waitFor } from "./helpers/waitFor";

let app: AuthApp;
const sockets: WebSocket[] = [];
beforeAll(async () => {
  app = await startAuthApp();
});
afterEach(() => {
  for (const ws of sockets.splice(0)) ws.terminate();
});
afterAll(async () => {
  await app?.close();
});

/** Opens `docName` as `who`; resolves "open" once admitted, else the close code. */
function open(base: string, docName: string, headers: Record<string, string>): Promise<"open" | number> {
  const ws = new WebSocket(`${base}/${docName}`, { headers });
  sockets.push(ws);
  ws.on("error", () => undefined);
  return new Promise((resolve) => {
    // The server only sends once admitted (sync step 1), so a first message means "open".
    ws.once("message", () => resolve("open"));
    ws.once("close", (code) => resolve(code));
  });
}

const as = (who: Who) => ({ cookie: app.users[who].cookie, origin: app.url });

describe("ratings document names", () => {
  it("refuses a ratings name of someone who is no member, without creating a room or document", async () => {
    const id = app.analysisId;
    const before = app.server.rooms.stats().rooms;
    for (const who of ["lead", "analyst"] as const) {
      for (const userId of ["u_random123", app.users.outsider.id]) {
        expect(await open(app.wsUrl, ratingsDocName(id, userId), as(who))).toBe(CloseCode.NotFound);
      }
    }
    expect(app.server.rooms.stats().rooms).toBe(before);
    await app.server.rooms.flush();
    const stored = await app.store.listDocuments(`${id}/ratings/`);
    expect(stored.filter((n) => n.includes("u_random123") || n.includes(app.users.outsider.id))).toEqual([]);
  });

  it("still opens members' ratings and the ratings of raters imported without an account", async () => {
    expect(await open(app.wsUrl, ratingsDocName(app.analysisId, app.users.viewer.id), as("lead"))).toBe(
      "open",
    );
    const res = await app.request("outsider", "POST", "/api/imports", {
      schemaVersion: 1,
      title: "Imported with raters",
      hypotheses: [{ id: "h1", title: "H" }],
      evidence: [{ id: "e1", claim: "E" }],
      ratings: { "parc-rater-1": { name: "PARC rater", cells: {} } },
    });
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: string };
    expect(await open(app.wsUrl, ratingsDocName(id, "parc-rater-1"), as("outsider"))).toBe("open");
  });
});

describe("refused connection log", () => {
  it("logs a flood of refused connections as one line per period with counts per reason", async () => {
    const logger: CapturedLogger = captureLogger();
    const server = await startTestSyncServer({ logger, refusalLogMs: 3_000 });
    try {
      const refused = await Promise.all([
        ...Array.from({ length: 150 }, () => open(server.url, "a1?deny=forbidden", {})),
        ...Array.from({ length: 50 }, () => open(server.url, "a1?deny=unauthorized", {})),
        ...Array.from({ length: 20 }, () => open(server.url, "not/a/valid/name", {})),
      ]);
      expect(new Set(refused)).toEqual(
        new Set([CloseCode.Forbidden, CloseCode.Unauthorized, CloseCode.NotFound]),
      );
      const lines = await waitFor(() => {
        const found = logger.lines.filter((l) => l.includes("refused sync connections"));
        return found.length > 0 && found;
      }, 10_000);
      expect(lines).toHaveLength(1);
      expect(JSON.parse(lines[0]?.slice(lines[0].indexOf("{")) ?? "{}")).toMatchObject({
        total: 220,
        byReason: { "4403 forbidden": 150, "4401 unauthorized": 50, "4404 invalid document name": 20 },
      });
      expect(logger.lines).toHaveLength(1);
    } finally {
      await server.close();
    }
  });
});
