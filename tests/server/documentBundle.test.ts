import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import * as Y from "yjs";
import { DOCUMENT_BUNDLE_TYPE, decodeDocumentBundle } from "../../shared/documentBundle";
import { contentDocName, leadDocName, ratingsDocName } from "../../shared/documentNames";
import { readMeta } from "../../shared/schema/contentDoc";
import { setBlind } from "../../shared/schema/leadDoc";
import { readRatings, setRaterName, setRating } from "../../shared/schema/ratingsDoc";
import { type AuthApp, startAuthApp, type Who } from "./helpers/authApp";

let app: AuthApp;
const id = (): string => app.analysisId;

beforeAll(async () => {
  app = await startAuthApp();
  for (const who of ["lead", "analyst"] as const) {
    await app.server.rooms.transact(
      ratingsDocName(id(), app.users[who].id),
      (doc) => {
        setRaterName(doc, who);
        setRating(doc, "e1", "h1", who === "lead" ? "C" : "I");
      },
      { userId: app.users[who].id },
    );
  }
  await app.server.rooms.flush();
});
afterAll(async () => {
  await app?.close();
});

async function bundle(who: Who): Promise<Map<string, Uint8Array>> {
  const res = await app.request(who, "GET", `/api/analyses/${id()}/documents`);
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toContain(DOCUMENT_BUNDLE_TYPE);
  const docs = decodeDocumentBundle(new Uint8Array(await res.arrayBuffer()));
  return new Map(docs.map((d) => [d.name, d.state]));
}

/** Whether the sync endpoint lets `who` read `docName`: it sends sync step 1, or closes at once. */
function syncReadable(who: Who, docName: string): Promise<boolean> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`${app.wsUrl}/${docName}?token=${app.users[who].token}`);
    ws.on("message", () => {
      resolve(true);
      ws.terminate();
    });
    ws.on("close", () => resolve(false));
    ws.on("error", () => undefined);
  });
}

const everyDocument = (): string[] => [
  contentDocName(id()),
  leadDocName(id()),
  ratingsDocName(id(), app.users.lead.id),
  ratingsDocName(id(), app.users.analyst.id),
];

const setBlindTo = (blind: boolean) =>
  app.server.rooms.transact(leadDocName(id()), (doc) => setBlind(doc, blind), { userId: app.users.lead.id });

describe("GET /api/analyses/:id/documents", () => {
  it("answers every document of the analysis with its state in one binary body", async () => {
    const docs = await bundle("analyst");
    expect([...docs.keys()].sort()).toEqual(everyDocument().sort());
    const content = new Y.Doc();
    Y.applyUpdate(content, docs.get(contentDocName(id())) as Uint8Array);
    expect(readMeta(content).title).toBe("Secret raid assessment");
    const lead = new Y.Doc();
    Y.applyUpdate(lead, docs.get(ratingsDocName(id(), app.users.lead.id)) as Uint8Array);
    expect(readRatings(lead)).toEqual({ "e1:h1": "C" });
  });

  it("gives each role exactly the documents sync lets it read, blind or not", async () => {
    for (const blind of [false, true]) {
      await setBlindTo(blind);
      for (const who of ["lead", "analyst", "viewer"] as const) {
        const names = [...(await bundle(who)).keys()].sort();
        const readable: string[] = [];
        for (const name of everyDocument()) if (await syncReadable(who, name)) readable.push(name);
        expect({ who, blind, names }).toEqual({ who, blind, names: readable.sort() });
      }
    }
    await setBlindTo(false);
  });

  it("leaves other people's ratings out for analysts and viewers while blind", async () => {
    await setBlindTo(true);
    const analyst = await bundle("analyst");
    expect(analyst.has(ratingsDocName(id(), app.users.lead.id))).toBe(false);
    expect(analyst.has(ratingsDocName(id(), app.users.analyst.id))).toBe(true);
    const viewer = await bundle("viewer");
    expect([...viewer.keys()].some((name) => name.includes("/ratings/"))).toBe(false);
    expect((await bundle("lead")).size).toBe(4);
    await setBlindTo(false);
  });

  it("answers 404 to non-members and 401 to anonymous callers", async () => {
    expect((await app.request("outsider", "GET", `/api/analyses/${id()}/documents`)).status).toBe(404);
    expect((await app.request("admin", "GET", `/api/analyses/${id()}/documents`)).status).toBe(404);
    expect((await app.request(null, "GET", `/api/analyses/${id()}/documents`)).status).toBe(401);
    expect((await app.request("lead", "GET", "/api/analyses/nope/documents")).status).toBe(404);
  });
});
