/**
 * Two live instances over one PostgreSQL schema and one Redis key prefix (the machine's services;
 * a private redis-server for the restart test).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { freePort } from "../../bench/lib/freePort";
import {
  type ClusterSpace,
  clusterSpace,
  startChildClusterNode,
  startClusterNode,
} from "./helpers/clusterNode";
import { connectClient, type TestClient } from "./helpers/connectClient";
import { dropTestSchema } from "./helpers/postgres";
import { waitFor } from "./helpers/waitFor";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function space(redisUrl?: string): ClusterSpace {
  const s = clusterSpace(redisUrl);
  cleanups.push(() => dropTestSchema(s.schema));
  return s;
}

async function node(s: ClusterSpace) {
  const n = await startClusterNode(s);
  cleanups.push(() => n.close());
  return n;
}

function client(url: string, doc: string, user: string, existing?: Y.Doc): TestClient {
  const c = connectClient(url, doc, { params: { user }, ...(existing ? { doc: existing } : {}) });
  cleanups.push(() => c.provider.destroy());
  return c;
}

/** Moves a client to another instance with its document, as a load balancer would after a failover. */
function reconnectTo(old: TestClient, url: string, doc: string, user: string): TestClient {
  old.provider.destroy();
  return client(url, doc, user, old.doc);
}

const text = (c: TestClient) => c.doc.getText("t").toString();
const vector = (doc: Y.Doc) => Buffer.from(Y.encodeStateVector(doc)).toString("hex");
const converged = (...clients: TestClient[]) =>
  clients.every(
    (c) => vector(c.doc) === vector(clients[0]?.doc ?? c.doc) && text(c) === text(clients[0] ?? c),
  );

/** A private redis-server on a free port that the test may kill and restart (never the shared one). */
async function privateRedis(): Promise<{
  url: string;
  stop: () => Promise<void>;
  start: () => Promise<void>;
}> {
  const port = await freePort();
  let proc: ChildProcess | null = null;
  const start = async () => {
    const child = spawn(
      "redis-server",
      ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
      {
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    proc = child;
    await new Promise<void>((resolve, reject) => {
      let output = "";
      const timer = setTimeout(() => reject(new Error(`redis-server did not start: ${output}`)), 10_000);
      child.stdout?.on("data", (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes("Ready to accept connections")) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`redis-server exited with ${code}: ${output}`));
      });
    });
  };
  const stop = async () => {
    const child = proc;
    proc = null;
    if (child === null || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.kill("SIGKILL");
    await exited;
  };
  await start();
  cleanups.push(stop);
  return { url: `redis://127.0.0.1:${port}`, stop, start };
}

describe("several instances over PostgreSQL and Redis", () => {
  it("lets clients on instance A and instance B co-edit one document and converge", async () => {
    const s = space();
    const [a, b] = [await node(s), await node(s)];
    const alice = client(a.url, "analysis1", "alice");
    const bob = client(b.url, "analysis1", "bob");
    await Promise.all([alice.synced(), bob.synced()]);
    for (let i = 0; i < 50; i++) {
      alice.doc.getText("t").insert(0, "a");
      bob.doc.getText("t").insert(0, "b");
    }
    await waitFor(() => converged(alice, bob) && text(alice).length === 100, 10_000);
    // A late joiner on either instance loads the same state from the shared store.
    const late = client(b.url, "analysis1", "late");
    await late.synced();
    await waitFor(() => converged(alice, late), 10_000);
  });

  it("carries awareness from a client on A to a client on B", async () => {
    const s = space();
    const [a, b] = [await node(s), await node(s)];
    const alice = client(a.url, "analysis2", "alice");
    const bob = client(b.url, "analysis2", "bob");
    await Promise.all([alice.synced(), bob.synced()]);
    alice.awareness.setLocalStateField("cursor", { cell: "h1:e2" });
    await waitFor(() => {
      const state = bob.awareness.getStates().get(alice.doc.clientID);
      return state?.cursor?.cell === "h1:e2" && state.user?.id === "alice";
    }, 10_000);
  });

  it("loses nothing any client had received when instance A is SIGKILLed mid-stream and clients move to B", async () => {
    const s = space();
    const a = await startChildClusterNode(s);
    cleanups.push(() => a.kill());
    const b = await node(s);
    let writer = client(a.url, "stream", "writer");
    let readerA = client(a.url, "stream", "readerA");
    const readerB = client(b.url, "stream", "readerB");
    await Promise.all([writer.synced(), readerA.synced(), readerB.synced()]);

    const items = writer.doc.getArray<number>("items");
    let next = 0;
    const timer = setInterval(() => {
      for (let i = 0; i < 5; i++) items.push([next++]);
    }, 5);
    cleanups.push(() => clearInterval(timer));
    await waitFor(() => readerB.doc.getArray("items").length >= 300, 20_000);
    await a.kill();
    const seen = new Set([
      ...readerA.doc.getArray<number>("items").toArray(),
      ...readerB.doc.getArray<number>("items").toArray(),
    ]);
    clearInterval(timer);
    const written = next;

    writer = reconnectTo(writer, b.url, "stream", "writer");
    readerA = reconnectTo(readerA, b.url, "stream", "readerA");
    await Promise.all([writer.synced(), readerA.synced()]);
    const check = client(b.url, "stream", "check");
    await check.synced();
    await waitFor(() => check.doc.getArray("items").length === written, 20_000);
    const restored = new Set(check.doc.getArray<number>("items").toArray());
    expect(seen.size).toBeGreaterThanOrEqual(300);
    expect([...seen].filter((value) => !restored.has(value))).toEqual([]);
    await waitFor(() => converged(writer, readerA, readerB, check), 10_000);
  });

  it("converges after the Redis server restarts while clients on both instances edit", async () => {
    const redis = await privateRedis();
    const s = space(redis.url);
    const [a, b] = [await node(s), await node(s)];
    const alice = client(a.url, "restart", "alice");
    const bob = client(b.url, "restart", "bob");
    await Promise.all([alice.synced(), bob.synced()]);
    let n = 0;
    const timer = setInterval(() => {
      alice.doc.getArray<string>("log").push([`a${n}`]);
      bob.doc.getArray<string>("log").push([`b${n}`]);
      n++;
    }, 10);
    cleanups.push(() => clearInterval(timer));
    await waitFor(() => bob.doc.getArray("log").length > 40, 10_000);
    await redis.stop();
    await waitFor(() => !a.fanout.connected && !b.fanout.connected, 5_000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await redis.start();
    await waitFor(() => a.fanout.connected && b.fanout.connected, 10_000);
    clearInterval(timer);
    await waitFor(() => converged(alice, bob) && alice.doc.getArray("log").length === 2 * n, 15_000);
  });

  it("closes a removed member's connections on B when the removal happens on A", async () => {
    const s = space();
    const [a, b] = [await node(s), await node(s)];
    const carol = client(b.url, "team", "carol");
    const dave = client(b.url, "team/lead", "dave");
    await Promise.all([carol.synced(), dave.synced()]);
    await a.server.rooms.closeConnectionsEverywhere({
      analysisId: "team",
      userId: "carol",
      code: 4403,
      reason: "membership removed",
    });
    await waitFor(() => carol.closeCodes.includes(4403), 10_000);
    expect(dave.closeCodes).toEqual([]);
  });
});
