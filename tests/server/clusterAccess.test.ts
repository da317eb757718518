/**
 * Two full app instances (accounts, REST, sync) over one PostgreSQL schema and Redis prefix: access
 * changes made on one instance close connections on the other.
 */
import { afterEach, describe, expect, it } from "vitest";
import { type RunningServer, startServer } from "../../server/app";
import { RedisFanout } from "../../server/fanout/RedisFanout";
import { openPostgresStore } from "../../server/store/sql/SqlStore";
import { leadDocName, ratingsDocName } from "../../shared/documentNames";
import { setBlind } from "../../shared/schema/leadDoc";
import { captureLogger } from "./helpers/captureLogger";
import { type ClusterSpace, clusterSpace } from "./helpers/clusterNode";
import { connectClient, type TestClient } from "./helpers/connectClient";
import { dropTestSchema, TEST_DATABASE_URL } from "./helpers/postgres";
import { TEST_PARTS } from "./helpers/testParts";
import { waitFor } from "./helpers/waitFor";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const config = {
  port: 0,
  host: "127.0.0.1",
  maxMessageBytes: 8 * 1024 * 1024,
  maxJsonBytes: 1024 * 1024,
  roomIdleMs: 500,
};

async function instance(space: ClusterSpace): Promise<RunningServer> {
  const logger = captureLogger();
  const store = await openPostgresStore({ connectionString: TEST_DATABASE_URL, schema: space.schema });
  const fanout = await RedisFanout.connect({ url: space.redisUrl, keyPrefix: space.prefix, logger });
  const server = await startServer({
    config,
    store,
    logger,
    fanout,
    auth: { accessPollMs: 100 },
    extraDocumentParts: TEST_PARTS,
  });
  cleanups.push(async () => {
    await server.close();
    await fanout.close();
    await store.close();
  });
  return server;
}

describe("access changes across instances", () => {
  it("disconnects a member on B when the lead removes them on A, and keeps other members connected", async () => {
    const space = clusterSpace();
    cleanups.push(() => dropTestSchema(space.schema));
    const a = await instance(space);
    const b = await instance(space);
    const lead = await a.accounts.createUser({ name: "lead", password: "correct horse", admin: false });
    const member = await a.accounts.createUser({ name: "member", password: "battery staple", admin: false });
    const now = new Date().toISOString();
    await a.store.createAnalysis(
      { id: "shared", title: "Shared", createdAt: now, updatedAt: now, archived: false, createdBy: lead.id },
      new Map(),
      { userId: lead.id },
    );
    await a.store.setMember({ analysisId: "shared", userId: lead.id, role: "lead" });
    await a.store.setMember({ analysisId: "shared", userId: member.id, role: "analyst" });
    const tokenOf = async (userId: string) => (await a.accounts.createToken(userId, "test", null)).token;
    const syncUrl = (server: RunningServer) => `ws://127.0.0.1:${server.port}/sync`;

    const memberOnB: TestClient = connectClient(syncUrl(b), "shared", {
      params: { token: await tokenOf(member.id) },
    });
    const leadOnB: TestClient = connectClient(syncUrl(b), "shared", {
      params: { token: await tokenOf(lead.id) },
    });
    const leadOnA: TestClient = connectClient(syncUrl(a), "shared", {
      params: { token: await tokenOf(lead.id) },
    });
    cleanups.push(
      () => memberOnB.destroy(),
      () => leadOnB.destroy(),
      () => leadOnA.destroy(),
    );
    await Promise.all([memberOnB.synced(), leadOnB.synced(), leadOnA.synced()]);
    memberOnB.doc.getText("t").insert(0, "from B");
    await waitFor(() => leadOnA.doc.getText("t").toString() === "from B", 10_000);

    // What the members route does on A: remove, then bump the access version every instance polls.
    await a.store.removeMember("shared", member.id);
    await a.accounts.bumpAccessVersion();
    await waitFor(() => memberOnB.closeCodes.includes(4403), 10_000);
    expect(leadOnB.closeCodes).toEqual([]);
  });

  it("closes an analyst's view of another analyst's ratings on B when the lead turns blind rating on via A", async () => {
    const space = clusterSpace();
    cleanups.push(() => dropTestSchema(space.schema));
    const a = await instance(space);
    const b = await instance(space);
    const lead = await a.accounts.createUser({ name: "lead", password: "correct horse", admin: false });
    const ann = await a.accounts.createUser({ name: "ann", password: "battery staple", admin: false });
    const bo = await a.accounts.createUser({ name: "bo", password: "battery staple", admin: false });
    const now = new Date().toISOString();
    await a.store.createAnalysis(
      { id: "blind", title: "Blind", createdAt: now, updatedAt: now, archived: false, createdBy: lead.id },
      new Map(),
      { userId: lead.id },
    );
    await a.store.setMember({ analysisId: "blind", userId: lead.id, role: "lead" });
    await a.store.setMember({ analysisId: "blind", userId: ann.id, role: "analyst" });
    await a.store.setMember({ analysisId: "blind", userId: bo.id, role: "analyst" });
    const tokenOf = async (userId: string) => (await a.accounts.createToken(userId, "test", null)).token;
    const syncUrl = (server: RunningServer) => `ws://127.0.0.1:${server.port}/sync`;

    const annReadsBo = connectClient(syncUrl(b), ratingsDocName("blind", bo.id), {
      params: { token: await tokenOf(ann.id) },
    });
    const leadDoc = connectClient(syncUrl(a), leadDocName("blind"), {
      params: { token: await tokenOf(lead.id) },
    });
    cleanups.push(
      () => annReadsBo.destroy(),
      () => leadDoc.destroy(),
    );
    await Promise.all([annReadsBo.synced(), leadDoc.synced()]);
    setBlind(leadDoc.doc, true);
    await waitFor(() => annReadsBo.closeCodes.includes(4403), 10_000);
  });
});
