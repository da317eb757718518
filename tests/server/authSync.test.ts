import * as encoding from "lib0/encoding";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import * as Y from "yjs";
import { CloseCode } from "../../shared/closeCodes";
import { contentDocName, leadDocName, ratingsDocName, sourceDocName } from "../../shared/documentNames";
import { readLeadSettings, setBlind } from "../../shared/schema/leadDoc";
import { addSource } from "../../shared/schema/sources";
import { type AuthApp, startAuthApp, type Who } from "./helpers/authApp";
import { connectClient, type TestClient } from "./helpers/connectClient";
import { waitFor } from "./helpers/waitFor";

let app: AuthApp;
const cleanups: (() => void | Promise<void>)[] = [];

beforeAll(async () => {
  app = await startAuthApp();
  // Source texts open only for sources the analysis holds.
  await app.server.rooms.transact(
    contentDocName(app.analysisId),
    (doc) => {
      for (const id of ["s-probe", "s-blind"])
        addSource(doc, { title: id, id }, { userId: "test", now: "t" });
    },
    { userId: null },
  );
});
afterAll(async () => {
  await app?.close();
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await app.server.rooms.transact(leadDocName(app.analysisId), (doc) => setBlind(doc, false), {
    userId: null,
  });
  for (const who of ["analyst", "viewer"] as const) {
    const role = who === "analyst" ? "analyst" : "viewer";
    await app.store.setMember({ analysisId: app.analysisId, userId: app.users[who].id, role });
  }
});

function client(who: Who, docName: string, doc?: Y.Doc): TestClient {
  const c = connectClient(app.wsUrl, docName, {
    params: { token: app.users[who].token },
    ...(doc ? { doc } : {}),
  });
  cleanups.push(() => c.destroy());
  return c;
}

interface RawSocket {
  readonly ws: WebSocket;
  readonly messages: Uint8Array[];
  readonly closed: Promise<number>;
}

/** A bare `ws` socket: sees every byte the server sends and can send hand-made frames. */
function rawSocket(docName: string, query: string, headers: Record<string, string> = {}): RawSocket {
  const ws = new WebSocket(`${app.wsUrl}/${docName}${query}`, { headers });
  const messages: Uint8Array[] = [];
  ws.on("message", (data: Buffer) => messages.push(new Uint8Array(data)));
  const closed = new Promise<number>((resolve) => ws.on("close", (code) => resolve(code)));
  ws.on("error", () => undefined);
  cleanups.push(() => ws.terminate());
  return { ws, messages, closed };
}

const stored = async (docName: string, key: string): Promise<unknown> => {
  await app.server.rooms.flush();
  const doc = await app.server.rooms.readDocument(docName);
  try {
    return doc.getMap("probe").get(key);
  } finally {
    doc.destroy();
  }
};

type Kind = "content" | "lead" | "own ratings" | "others' ratings" | "source text";
const docOf = (kind: Kind, who: Who): string => {
  const id = app.analysisId;
  if (kind === "content") return contentDocName(id);
  if (kind === "source text") return sourceDocName(id, "s-probe");
  if (kind === "lead") return leadDocName(id);
  const owner = kind === "own ratings" ? who : who === "lead" ? "analyst" : "lead";
  return ratingsDocName(id, app.users[owner].id);
};

const WRITES: Readonly<Record<"lead" | "analyst" | "viewer", Readonly<Record<Kind, boolean>>>> = {
  lead: { content: true, lead: true, "own ratings": true, "others' ratings": false, "source text": true },
  analyst: { content: true, lead: false, "own ratings": true, "others' ratings": false, "source text": true },
  viewer: {
    content: false,
    lead: false,
    "own ratings": false,
    "others' ratings": false,
    "source text": false,
  },
};

describe("sync authorisation per role and document", () => {
  for (const who of ["lead", "analyst", "viewer"] as const) {
    for (const kind of ["content", "lead", "own ratings", "others' ratings", "source text"] as const) {
      const writes = WRITES[who][kind];
      it(`lets the ${who} read the ${kind} document and ${writes ? "persists" : "refuses"} its writes`, async () => {
        const name = docOf(kind, who);
        const seed = `seed-${who}-${kind}`;
        await app.server.rooms.transact(name, (doc) => doc.getMap("probe").set("seed", seed), {
          userId: null,
        });
        const watcher = connectClient(app.wsUrl, name, { params: { token: app.users.lead.token } });
        cleanups.push(() => watcher.destroy());
        const c = client(who, name);
        await Promise.all([c.synced(), watcher.synced()]);
        expect(c.doc.getMap("probe").get("seed")).toBe(seed);
        const key = `write-by-${who}-${kind}`;
        c.doc.getMap("probe").set(key, who);
        if (writes) {
          await waitFor(() => expect(watcher.doc.getMap("probe").get(key)).toBe(who));
          expect(await stored(name, key)).toBe(who);
        } else {
          await waitFor(() => expect(c.denied.length).toBeGreaterThan(0));
          expect(await stored(name, key)).toBeUndefined();
          expect(watcher.doc.getMap("probe").get(key)).toBeUndefined();
        }
      });
    }
  }

  it("drops a viewer's hand-made update frames and tells it the document is read-only", async () => {
    const name = contentDocName(app.analysisId);
    const sock = rawSocket(name, `?token=${app.users.viewer.token}`);
    await new Promise((resolve) => sock.ws.once("open", resolve));
    const forged = new Y.Doc();
    forged.getMap("probe").set("forged", "by viewer");
    const frame = encoding.createEncoder();
    encoding.writeVarUint(frame, 0);
    encoding.writeVarUint(frame, 2);
    encoding.writeVarUint8Array(frame, Y.encodeStateAsUpdate(forged));
    sock.ws.send(encoding.toUint8Array(frame));
    await waitFor(() => expect(sock.messages.some((m) => m[0] === 2)).toBe(true));
    expect(await stored(name, "forged")).toBeUndefined();
  });

  it("closes an outsider with 4403 before sending any document byte", async () => {
    const sock = rawSocket(contentDocName(app.analysisId), `?token=${app.users.outsider.token}`);
    expect(await sock.closed).toBe(CloseCode.Forbidden);
    expect(sock.messages).toEqual([]);
    const missing = rawSocket("no-such-analysis", `?token=${app.users.lead.token}`);
    expect(await missing.closed).toBe(CloseCode.Forbidden);
    const sourceText = rawSocket(sourceDocName(app.analysisId, "s1"), `?token=${app.users.outsider.token}`);
    expect(await sourceText.closed).toBe(CloseCode.Forbidden);
  });

  it("keeps sources readable and writable by analysts while ratings are blind", async () => {
    const lead = client("lead", leadDocName(app.analysisId));
    await lead.synced();
    setBlind(lead.doc, true);
    await waitFor(async () => {
      await app.server.rooms.flush();
      const doc = await app.server.rooms.readDocument(leadDocName(app.analysisId));
      expect(readLeadSettings(doc).blind).toBe(true);
      doc.destroy();
    });
    const name = sourceDocName(app.analysisId, "s-blind");
    const analyst = client("analyst", name);
    const viewer = client("viewer", name);
    await Promise.all([analyst.synced(), viewer.synced()]);
    analyst.doc.getMap("probe").set("typed", "while blind");
    await waitFor(() => expect(viewer.doc.getMap("probe").get("typed")).toBe("while blind"));
    expect(await stored(name, "typed")).toBe("while blind");
  });

  it("closes anonymous, malformed-token and foreign-origin cookie connections", async () => {
    const name = contentDocName(app.analysisId);
    expect(await rawSocket(name, "").closed).toBe(CloseCode.Unauthorized);
    expect(await rawSocket(name, "?token=ach_forged").closed).toBe(CloseCode.Unauthorized);
    const cookie = { cookie: app.users.analyst.cookie };
    const foreign = rawSocket(name, "", { ...cookie, origin: "https://evil.example" });
    expect(await foreign.closed).toBe(CloseCode.Forbidden);
    expect(foreign.messages).toEqual([]);
    const own = rawSocket(name, "", { ...cookie, origin: app.url });
    await waitFor(() => expect(own.messages.length).toBeGreaterThan(0));
  });
});

describe("blind rating", () => {
  it("closes an analyst's view of others' ratings when the lead switches blind on, and reveal lets it back", async () => {
    const othersRatings = ratingsDocName(app.analysisId, app.users.lead.id);
    const watching = client("analyst", othersRatings);
    await watching.synced();
    const lead = client("lead", leadDocName(app.analysisId));
    await lead.synced();
    const switchedAt = Date.now();
    setBlind(lead.doc, true);
    await waitFor(() => expect(watching.closeCodes).toContain(CloseCode.Forbidden), 1_000);
    expect(Date.now() - switchedAt).toBeLessThan(1_000);
    watching.provider.disconnect();
    expect(await rawSocket(othersRatings, `?token=${app.users.analyst.token}`).closed).toBe(
      CloseCode.Forbidden,
    );
    // While blind, the owner and the lead still open the analyst's own ratings.
    await client("analyst", ratingsDocName(app.analysisId, app.users.analyst.id)).synced();
    await client("lead", ratingsDocName(app.analysisId, app.users.analyst.id)).synced();
    setBlind(lead.doc, false);
    await waitFor(async () => {
      await app.server.rooms.flush();
      const doc = await app.server.rooms.readDocument(leadDocName(app.analysisId));
      expect(readLeadSettings(doc).blind).toBe(false);
      doc.destroy();
    });
    const again = client("analyst", othersRatings);
    await again.synced();
  });
});

describe("membership changes", () => {
  it("disconnects a removed member within a second", async () => {
    const c = client("analyst", contentDocName(app.analysisId));
    await c.synced();
    const started = Date.now();
    const res = await app.request(
      "lead",
      "DELETE",
      `/api/analyses/${app.analysisId}/members/${app.users.analyst.id}`,
    );
    expect(res.status).toBe(200);
    await waitFor(() => expect(c.closeCodes).toContain(CloseCode.Forbidden), 1_000);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it("disconnects a member removed by another process (the admin CLI) within a second", async () => {
    const c = client("viewer", contentDocName(app.analysisId));
    await c.synced();
    const started = Date.now();
    await app.store.removeMember(app.analysisId, app.users.viewer.id);
    await app.server.accounts.bumpAccessVersion();
    await waitFor(() => expect(c.closeCodes).toContain(CloseCode.Forbidden), 1_000);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it("reconnects a demoted analyst read-only", async () => {
    const c = client("analyst", contentDocName(app.analysisId));
    await c.synced();
    await app.request("lead", "PUT", `/api/analyses/${app.analysisId}/members/${app.users.analyst.id}`, {
      role: "viewer",
    });
    await waitFor(() => expect(c.closeCodes).toContain(CloseCode.TryAgainLater));
    await c.synced();
    c.doc.getMap("probe").set("after-demotion", true);
    await waitFor(() => expect(c.denied.length).toBeGreaterThan(0));
  });

  it("reconnects a promoted viewer writable", async () => {
    const c = client("viewer", contentDocName(app.analysisId));
    await c.synced();
    await app.request("lead", "PUT", `/api/analyses/${app.analysisId}/members/${app.users.viewer.id}`, {
      role: "analyst",
    });
    await waitFor(() => expect(c.closeCodes).toContain(CloseCode.TryAgainLater));
  });

  it("brings a demoted analyst back writable when promoted again on the same connection", async () => {
    const c = client("analyst", contentDocName(app.analysisId));
    await c.synced();
    const put = (role: string) =>
      app.request("lead", "PUT", `/api/analyses/${app.analysisId}/members/${app.users.analyst.id}`, { role });
    await put("viewer");
    await waitFor(() => expect(c.closeCodes).toEqual([CloseCode.TryAgainLater]));
    await c.synced();
    await put("analyst");
    await waitFor(() => expect(c.closeCodes).toEqual([CloseCode.TryAgainLater, CloseCode.TryAgainLater]));
  });
});

describe("presence", () => {
  it("replaces a forged awareness name with the authenticated one on other clients", async () => {
    const name = contentDocName(app.analysisId);
    const liar = client("analyst", name);
    const observer = client("lead", name);
    await Promise.all([liar.synced(), observer.synced()]);
    liar.awareness.setLocalStateField("user", { id: app.users.lead.id, name: "lead-user", color: "#000000" });
    await waitFor(() => {
      const state = observer.awareness.getStates().get(liar.doc.clientID) as {
        user?: { name: string; id: string };
      };
      expect(state?.user).toMatchObject({ name: "analyst-user", id: app.users.analyst.id });
    });
  });
});
