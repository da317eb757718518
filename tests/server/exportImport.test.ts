import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorHandler } from "../../server/http/errorHandler";
import { analysesRouter } from "../../server/routes/analyses";
import { exportsRouter } from "../../server/routes/exports";
import { importsRouter } from "../../server/routes/imports";
import { silentLogger } from "../../server/sync/logger";
import { HeavyWork } from "../../server/workers/HeavyWork";
import { sampleInput } from "../fixtures/exportFixtures";
import { openMemoryStore } from "./helpers/memoryStore";
import { headerCaller, listen, storeDocuments } from "./helpers/restApp";

const store = await openMemoryStore(["u-lead"]);
const docs = storeDocuments(store);
const work = new HeavyWork();
const actorOf = (req: express.Request) => ({
  userId: req.get("x-ach-user") ?? "u-lead",
  now: new Date().toISOString(),
});
let served: Awaited<ReturnType<typeof listen>>;
let base = "";

beforeAll(async () => {
  const rest = express();
  rest.use(headerCaller("u-lead"));
  rest.use(
    "/api/analyses",
    express.json({ limit: "20mb" }),
    analysesRouter({ store, docs, actorOf, memberships: store, work }),
  );
  rest.use("/api", exportsRouter({ store, docs, actorOf, work }));
  rest.use(
    "/api",
    importsRouter({ store, docs, actorOf, work, maxImportBytes: 64 * 1024, maxExpandedBytes: 1 << 20 }),
  );
  rest.use(errorHandler(silentLogger));
  served = await listen(rest);
  base = served.base;
});
afterAll(async () => {
  await served.close();
  await work.close();
  await store.close();
});

const post = (path: string, body: BodyInit, type = "application/json") =>
  fetch(`${base}${path}`, { method: "POST", headers: { "content-type": type }, body });

/** Ids and times differ between copies; everything else must not. */
function stripVolatile(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value), (k, v) => (k === "id" || k === "createdAt" ? undefined : v));
}

describe("export and import over HTTP", () => {
  it("exports JSON that imports back to an identical export apart from ids and times", async () => {
    const created = await post("/api/analyses", JSON.stringify(sampleInput()));
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const first = await fetch(`${base}/api/analyses/${id}/export.json`);
    expect(first.headers.get("content-disposition")).toMatch(
      /^attachment; filename="Khairkhane-night-raid-Kabul-1213-Nov-2022.json"/,
    );
    const exported = (await first.json()) as {
      schemaVersion: number;
      sources: unknown[];
      evidence: { citations: { position: unknown }[] }[];
    };
    // Version 2: the sources with their text, and every row's citation placed in its source.
    expect(exported.schemaVersion).toBe(2);
    expect(exported.sources.length).toBeGreaterThan(0);
    for (const row of exported.evidence) expect(row.citations[0]?.position).not.toBeNull();
    const reimported = await post("/api/analyses", JSON.stringify(exported));
    expect(reimported.status).toBe(201);
    const copy = (await reimported.json()) as { id: string };
    expect(copy.id).not.toBe(id);
    const second: unknown = await (await fetch(`${base}/api/analyses/${copy.id}/export.json`)).json();
    expect(stripVolatile(second)).toEqual(stripVolatile(exported));
  });

  it("streams a PDF and a CSV with safe file names", async () => {
    const { id } = (await (await post("/api/analyses", JSON.stringify(sampleInput()))).json()) as {
      id: string;
    };
    const pdf = await fetch(`${base}/api/analyses/${id}/export.pdf?view=consensus&archived=1&paper=letter`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get("content-type")).toBe("application/pdf");
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe("%PDF-");
    const csv = await fetch(`${base}/api/analyses/${id}/export.csv?view=u-sample-mariam`);
    expect(csv.headers.get("content-disposition")).toContain(".csv");
    expect([...Buffer.from(await csv.arrayBuffer()).subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const badView = await fetch(`${base}/api/analyses/${id}/export.pdf?view=nobody`);
    expect(badView.status).toBe(400);
  });

  it("imports the .achz fixture after a preview", async () => {
    const file = readFileSync(join(import.meta.dirname, "../fixtures/parc-ach-sample.achz"));
    const preview = await post("/api/imports/preview", file, "application/octet-stream");
    expect(await preview.json()).toMatchObject({ format: "achz", hypotheses: 3, evidence: 3, analysts: 1 });
    const res = await post("/api/imports", file, "application/octet-stream");
    expect(res.status).toBe(201);
    const { id, createdBy } = (await res.json()) as { id: string; createdBy: string };
    expect(createdBy).toBe("u-lead");
    const json = (await (await fetch(`${base}/api/analyses/${id}`)).json()) as {
      ratings: Record<string, { cells: object }>;
    };
    expect(Object.keys(json.ratings["u-lead"]?.cells ?? {})).toHaveLength(9);
  });

  it("answers 400 (413 for a file too large) with a message for every bad file and creates nothing", async () => {
    const before = (await store.listAnalyses()).length;
    const achz = readFileSync(join(import.meta.dirname, "../fixtures/parc-ach-sample.achz"));
    const cases: [BodyInit, string, RegExp][] = [
      ["{ broken", "application/json", /not valid JSON/],
      [JSON.stringify({ schemaVersion: 3, title: "x" }), "application/json", /schemaVersion/],
      [Buffer.alloc(70 * 1024, 0x20), "application/octet-stream", /larger than/],
      [achz.subarray(0, achz.length - 30), "application/octet-stream", /truncated/],
      [
        gzipSync(Buffer.from("<html><body>hi</body></html>")),
        "application/octet-stream",
        /not a PARC ACH file/,
      ],
      [gzipSync(Buffer.alloc(4 << 20, 0x41)), "application/octet-stream", /decompressed/],
      [
        JSON.stringify({ ...sampleInput(), evidence: [{ claim: "" }] }),
        "application/json",
        /evidence\.0\.claim/,
      ],
    ];
    for (const [body, type, message] of cases) {
      for (const path of ["/api/imports/preview", "/api/imports"]) {
        const res = await post(path, body, type);
        // Too large, before or after decompression, is payload_too_large; the rest are bad input.
        const tooLarge = /larger than|decompressed/.test(message.source);
        expect(res.status, `${path} ${message}`).toBe(tooLarge ? 413 : 400);
        const err = (await res.json()) as { error: { message: string } };
        expect(err.error.message).toMatch(message);
      }
    }
    expect(await store.listAnalyses()).toHaveLength(before);
  });
});
