/**
 * Restoring a version on one of two instances (PostgreSQL + Redis) while that instance's live
 * document lacks an update another instance stored (its fan-out message lost, as pub/sub may lose
 * them): the restore is planned from the store, so it is applied whole once the live documents have
 * caught up with what it read, or not at all — never the content restored and the lead's document not.
 */
import { afterEach, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { type RunningServer, startServer } from "../../server/app";
import { RedisFanout } from "../../server/fanout/RedisFanout";
import { openPostgresStore } from "../../server/store/sql/SqlStore";
import { leadDocName } from "../../shared/documentNames";
import { metaMap } from "../../shared/schema/contentDoc";
import { conclusionFragment } from "../../shared/schema/leadDoc";
import {
  fragmentToRichDoc,
  plainTextToRichDoc,
  richDocToPlainText,
  writeRichDoc,
} from "../../shared/schema/richText";
import { captureLogger } from "./helpers/captureLogger";
import { type ClusterSpace, clusterSpace } from "./helpers/clusterNode";
import { connectClient } from "./helpers/connectClient";
import { dropTestSchema, TEST_DATABASE_URL } from "./helpers/postgres";
import { startTestSyncServer } from "./helpers/testSyncServer";
import { waitFor } from "./helpers/waitFor";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function instance(space: ClusterSpace): Promise<RunningServer> {
  const logger = captureLogger();
  const store = await openPostgresStore({ connectionString: TEST_DATABASE_URL, schema: space.schema });
  const fanout = await RedisFanout.connect({ url: space.redisUrl, keyPrefix: space.prefix, logger });
  const server = await startServer({
    config: { port: 0, host: "127.0.0.1", maxMessageBytes: 1 << 20, maxJsonBytes: 1 << 20, roomIdleMs: 500 },
    store,
    logger,
    fanout,
  });
  cleanups.push(async () => {
    await server.close();
    await fanout.close();
    await store.close();
  });
  return server;
}

const conclusionOf = (doc: Y.Doc): string => richDocToPlainText(fragmentToRichDoc(conclusionFragment(doc)));

/**
 * Two instances; on A an analysis titled "Old title" with conclusion "old", saved as version v1, then
 * retitled; a lead keeps A's lead-document room loaded while B stores a new conclusion whose fan-out
 * message never reaches A.
 */
async function laggingLeadDocument() {
  const space = clusterSpace();
  cleanups.push(() => dropTestSchema(space.schema));
  const a = await instance(space);
  const b = await instance(space);
  const lead = await a.accounts.createUser({ name: "lead", password: "correct horse", admin: false });
  const { token } = await a.accounts.createToken(lead.id, "test", null);
  const api = async (method: string, path: string, body?: unknown): Promise<Response> =>
    fetch(`${a.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const created = await api("POST", "/api/analyses", { title: "Old title" });
  expect(created.status).toBe(201);
  const id = ((await created.json()) as { id: string }).id;
  const leadDoc = leadDocName(id);
  const by = { userId: lead.id };
  await a.rooms.transact(
    leadDoc,
    (doc) => writeRichDoc(conclusionFragment(doc), plainTextToRichDoc("old")),
    by,
  );
  const saved = await api("POST", `/api/analyses/${id}/versions`, { name: "v1" });
  expect(saved.status).toBe(201);
  const versionId = ((await saved.json()) as { id: string }).id;
  await a.rooms.transact(id, (doc) => metaMap(doc).set("title", "New title"), by);

  const onA = connectClient(`ws://127.0.0.1:${a.port}/sync`, leadDoc, { params: { token } });
  cleanups.push(() => onA.destroy());
  await onA.synced();
  const onB = new Y.Doc();
  for (const update of (await b.store.loadDocument(leadDoc)).updates) Y.applyUpdate(onB, update);
  const written: Uint8Array[] = [];
  onB.on("update", (update: Uint8Array) => written.push(update));
  writeRichDoc(conclusionFragment(onB), plainTextToRichDoc("B's conclusion"));
  for (const update of written) await b.store.appendUpdate(leadDoc, update, by);

  const state = async () => ({
    title: await a.rooms.inspect(id, (doc) => metaMap(doc).get("title")),
    conclusion: await a.rooms.inspect(leadDoc, conclusionOf),
  });
  return { a, b, api, id, leadDoc, versionId, state };
}

describe("restoring a version across instances", () => {
  it("catches the lagging live document up with the store first, then restores every document", async () => {
    const { b, api, id, leadDoc, versionId, state } = await laggingLeadDocument();
    const restored = await api("POST", `/api/analyses/${id}/restore`, { versionId });
    const after = await state();
    // Never half-applied: a refused restore leaves the content as it was.
    if (restored.status !== 200)
      expect({ status: restored.status, title: after.title }).toEqual({ status: 409, title: "New title" });
    // A catches up with what the restore read (the store) before applying it, so it goes through,
    // replacing the conclusion A had not seen.
    expect(restored.status).toBe(200);
    expect(after).toEqual({ title: "Old title", conclusion: "old" });
    const inStore = new Y.Doc();
    for (const update of (await b.store.loadDocument(leadDoc)).updates) Y.applyUpdate(inStore, update);
    expect(conclusionOf(inStore)).toBe("old");
  });

  it("answers 409 and writes nothing, not even the safety version, when a document cannot catch up", async () => {
    const { a, api, id, versionId, state } = await laggingLeadDocument();
    const before = await state();
    // As if the store and the peers stayed out of reach for the whole wait.
    a.rooms.catchUp = async () => false;
    const restored = await api("POST", `/api/analyses/${id}/restore`, { versionId });
    expect(restored.status).toBe(409);
    expect(((await restored.json()) as { error: { message: string } }).error.message).toMatch(
      /nothing was restored/,
    );
    expect(await state()).toEqual(before);
    const listed = (await (await api("GET", `/api/analyses/${id}/versions`)).json()) as {
      versions: { name: string }[];
    };
    expect(listed.versions.map((v) => v.name)).toEqual(["v1"]);
  });

  it("tells whether a loaded room holds a state, waiting a moment for it", async () => {
    const server = await startTestSyncServer();
    cleanups.push(() => server.close());
    const client = connectClient(server.url, "catch-up");
    cleanups.push(() => client.destroy());
    await client.synced();
    client.doc.getMap("probe").set("k", 1);
    const held = Y.encodeStateVector(client.doc);
    await waitFor(async () => expect(await server.rooms.catchUp("catch-up", held, 50)).toBe(true));
    const unknown = new Y.Doc();
    unknown.getMap("probe").set("k", 2);
    expect(await server.rooms.catchUp("catch-up", Y.encodeStateVector(unknown), 50)).toBe(false);
    // A document no room holds loads from the store: it holds what the store holds.
    expect(await server.rooms.catchUp("not-loaded", Y.encodeStateVector(unknown), 50)).toBe(true);
  });
});
