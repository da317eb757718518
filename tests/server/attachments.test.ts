/**
 * Attachments over the real app: upload with the server's hash check, types decided from the bytes
 * (HTML and SVG refused), downloads that never render as a page, size limits per file and per
 * analysis with nothing partial stored, who may upload, read and delete, the activity feed; and
 * text extraction from a PDF and an HTML page.
 */
import { createHash } from "node:crypto";
import PDFDocument from "pdfkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contentDocName } from "../../shared/documentNames";
import { addEvidence } from "../../shared/schema/contentDoc";
import { type AuthApp, startAuthApp, type Who } from "./helpers/authApp";

/** A valid 1×1 PNG. */
const PNG = Buffer.from(
  "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201e5277ede0000000049454e44ae426082",
  "hex",
);
// Big enough that a file spans several of the store's chunks (256 KiB), so downloads stream them.
const MAX_FILE = 640 * 1024;
const MAX_ANALYSIS = 1_000 * 1024;

const pngOf = (size: number): Buffer => Buffer.concat([PNG, Buffer.alloc(Math.max(0, size - PNG.length))]);
const sha256 = (bytes: Uint8Array): string => createHash("sha256").update(bytes).digest("hex");

let app: AuthApp;
let evidenceId = "";

function send(
  who: Who | null,
  method: string,
  path: string,
  body?: Uint8Array | ReadableStream<Uint8Array>,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(`${app.url}${path}`, {
    method,
    headers: {
      origin: app.url,
      ...(who === null ? {} : { cookie: app.users[who].cookie }),
      ...(body === undefined ? {} : { "content-type": "application/octet-stream" }),
      ...headers,
    },
    body: body ?? null,
    ...(body instanceof ReadableStream ? { duplex: "half" } : {}),
  } as RequestInit);
}

const base = (): string => `/api/analyses/${app.analysisId}`;

interface View {
  readonly id: string;
  readonly name: string;
  readonly mediaType: string;
  readonly size: number;
  readonly sha256: string;
  readonly uploadedBy: string | null;
  readonly uploadedByName: string | null;
  readonly owner: { kind: string; id: string };
}

function upload(
  who: Who | null,
  bytes: Uint8Array,
  options: { name?: string; owner?: string; sha256?: string } = {},
): Promise<Response> {
  const query = new URLSearchParams({
    owner: options.owner ?? `evidence:${evidenceId}`,
    name: options.name ?? "photo.png",
    ...(options.sha256 !== undefined ? { sha256: options.sha256 } : {}),
  });
  return send(who, "POST", `${base()}/attachments?${query}`, bytes);
}

async function listed(): Promise<View[]> {
  const res = await send("lead", "GET", `${base()}/attachments`);
  return ((await res.json()) as { attachments: View[] }).attachments;
}

async function clear(): Promise<void> {
  for (const a of await listed()) await send("lead", "DELETE", `${base()}/attachments/${a.id}`);
}

const errorOf = async (res: Response): Promise<{ status: number; code: string; message: string }> => {
  const body = (await res.json()) as { error: { code: string; message: string } };
  return { status: res.status, ...body.error };
};

function pdfWith(paragraphs: readonly string[]): Promise<Buffer> {
  return new Promise((resolve) => {
    const doc = new PDFDocument({ size: "A4" });
    const chunks: Buffer[] = [];
    doc.on("data", (c: Buffer) => chunks.push(c));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    for (const p of paragraphs) doc.text(p).moveDown(2);
    doc.end();
  });
}

beforeAll(async () => {
  app = await startAuthApp({ attachments: { maxFileBytes: MAX_FILE, maxAnalysisBytes: MAX_ANALYSIS } });
  await app.server.rooms.transact(
    contentDocName(app.analysisId),
    (doc) => {
      evidenceId = addEvidence(
        doc,
        { claim: "Vehicle seen at the checkpoint" },
        { userId: app.users.lead.id, now: new Date().toISOString() },
      );
    },
    { userId: app.users.lead.id },
  );
});
afterAll(async () => {
  await app?.close();
});

describe("attachments", () => {
  it("stores an upload with the server's SHA-256 and gives back exactly its bytes as a download", async () => {
    const bytes = pngOf(600_000);
    const res = await upload("analyst", bytes, { name: "photo.png", sha256: sha256(bytes).toUpperCase() });
    expect(res.status).toBe(201);
    const created = (await res.json()) as View;
    expect(created).toMatchObject({
      name: "photo.png",
      mediaType: "image/png",
      size: 600_000,
      sha256: sha256(bytes),
      uploadedBy: app.users.analyst.id,
      uploadedByName: "analyst-user",
      owner: { kind: "evidence", id: evidenceId },
    });
    expect(await listed()).toEqual([created]);
    const meta = await send("viewer", "GET", `${base()}/attachments/${created.id}`);
    expect(await meta.json()).toEqual(created);

    const download = await send("viewer", "GET", `${base()}/attachments/${created.id}/content`);
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer()).equals(bytes)).toBe(true);
    expect(download.headers.get("content-type")).toBe("image/png");
    expect(download.headers.get("content-disposition")).toBe(
      `attachment; filename="photo.png"; filename*=UTF-8''photo.png`,
    );
    expect(download.headers.get("x-content-type-options")).toBe("nosniff");
    expect(download.headers.get("content-security-policy")).toBe("default-src 'none'; sandbox");
    const again = await send("viewer", "GET", `${base()}/attachments/${created.id}/content`, undefined, {
      "if-none-match": `"${sha256(bytes)}"`,
    });
    expect(again.status).toBe(304);

    const preview = await send("viewer", "GET", `${base()}/attachments/${created.id}/content?inline=1`);
    expect(preview.headers.get("content-disposition")).toMatch(/^inline; filename="photo.png"/);
    expect(preview.headers.get("content-security-policy")).toBe("default-src 'none'; sandbox");
    await clear();
  });

  it("refuses a file whose SHA-256 differs from the one sent, and keeps nothing", async () => {
    const res = await upload("analyst", pngOf(500), { sha256: sha256(pngOf(501)) });
    expect(await errorOf(res)).toMatchObject({ status: 400, code: "validation_failed" });
    expect((await errorOf(await upload("analyst", pngOf(500), { sha256: "zz" }))).code).toBe(
      "validation_failed",
    );
    expect(await listed()).toEqual([]);
  });

  it("refuses HTML, SVG, markup hidden behind an image signature and unknown types with 415", async () => {
    const files = {
      "page.html": "<!doctype html><html><body><script>alert(document.cookie)</script></body></html>",
      "drawing.svg": `<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`,
      "bare.svg": ` \n<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>`,
      "polyglot.gif": "GIF89a/*<svg onload=alert(1)>*/",
      "notes.txt": "just some words",
    };
    for (const [name, text] of Object.entries(files)) {
      const err = await errorOf(await upload("analyst", Buffer.from(text), { name }));
      expect({ name, ...err }).toMatchObject({ name, status: 415, code: "unsupported_media_type" });
    }
    expect(await listed()).toEqual([]);
  });

  it("names a file after its detected type and serves only raster images inline", async () => {
    const pdf = await pdfWith(["A short report."]);
    const res = await upload("analyst", pdf, { name: "report.html" });
    expect(res.status).toBe(201);
    const created = (await res.json()) as View;
    expect(created).toMatchObject({ name: "report.html.pdf", mediaType: "application/pdf" });
    const inline = await send("viewer", "GET", `${base()}/attachments/${created.id}/content?inline=1`);
    expect(inline.status).toBe(400);
    const download = await send("viewer", "GET", `${base()}/attachments/${created.id}/content`);
    expect(download.headers.get("content-disposition")).toMatch(/^attachment; filename="report.html.pdf"/);
    await clear();
  });

  it("refuses a file over the per-file limit, announced or streamed, and keeps nothing", async () => {
    const big = pngOf(MAX_FILE + 1);
    expect(await errorOf(await upload("analyst", big))).toMatchObject({
      status: 413,
      code: "payload_too_large",
    });
    // Without a Content-Length: refused once the stream passes the limit.
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 8; i++) controller.enqueue(pngOf(96 * 1024));
        controller.close();
      },
    });
    const query = new URLSearchParams({ owner: `evidence:${evidenceId}`, name: "big.png" });
    const streamed = await send("analyst", "POST", `${base()}/attachments?${query}`, stream);
    expect(await errorOf(streamed)).toMatchObject({ status: 413, code: "payload_too_large" });
    expect(await listed()).toEqual([]);
    expect((await upload("analyst", pngOf(MAX_FILE))).status).toBe(201);
    await clear();
  });

  it("refuses an upload past the analysis's total, keeping what was there", async () => {
    expect((await upload("analyst", pngOf(600 * 1024))).status).toBe(201);
    const err = await errorOf(await upload("lead", pngOf(600 * 1024)));
    expect(err).toMatchObject({ status: 413, code: "payload_too_large" });
    expect(err.message).toMatch(/1 MiB limit/);
    const list = await send("viewer", "GET", `${base()}/attachments`);
    const body = (await list.json()) as { attachments: View[]; limits: Record<string, number> };
    expect(body.attachments.map((a) => a.size)).toEqual([600 * 1024]);
    expect(body.limits).toEqual({
      maxFileBytes: MAX_FILE,
      maxAnalysisBytes: MAX_ANALYSIS,
      usedBytes: 600 * 1024,
    });
    await clear();
  });

  it("accepts only owners that exist in the analysis", async () => {
    expect((await errorOf(await upload("analyst", PNG, { owner: "evidence:nope" }))).status).toBe(404);
    expect((await errorOf(await upload("analyst", PNG, { owner: "source:s1" }))).status).toBe(404);
    expect((await errorOf(await upload("analyst", PNG, { owner: "matrix:x" }))).code).toBe(
      "validation_failed",
    );
    expect(await listed()).toEqual([]);
  });

  it("lets viewers read and download but not upload or delete; outsiders and anonymous callers see nothing", async () => {
    const created = (await (await upload("lead", PNG, { name: "lead.png" })).json()) as View;
    const item = `${base()}/attachments/${created.id}`;
    expect((await upload("viewer", PNG)).status).toBe(403);
    expect((await upload("outsider", PNG)).status).toBe(404);
    expect((await upload(null, PNG)).status).toBe(401);
    for (const path of [`${base()}/attachments`, item, `${item}/content`]) {
      expect((await send("viewer", "GET", path)).status).toBe(200);
      expect((await send("outsider", "GET", path)).status).toBe(404);
      expect((await send(null, "GET", path)).status).toBe(401);
    }
    expect((await send("viewer", "DELETE", item)).status).toBe(403);
    expect((await send("outsider", "DELETE", item)).status).toBe(404);
    // An analyst deletes their own uploads only; the lead deletes any.
    expect((await send("analyst", "DELETE", item)).status).toBe(403);
    const mine = (await (await upload("analyst", PNG, { name: "mine.png" })).json()) as View;
    expect((await send("analyst", "DELETE", `${base()}/attachments/${mine.id}`)).status).toBe(200);
    expect((await send("lead", "DELETE", item)).status).toBe(200);
    expect((await send("lead", "DELETE", item)).status).toBe(404);
    expect(await listed()).toEqual([]);
  });

  it("records attachments and deletions in the activity feed in words", async () => {
    const created = (await (await upload("analyst", PNG, { name: "photo.png" })).json()) as View;
    await send("analyst", "DELETE", `${base()}/attachments/${created.id}`);
    const res = await send("viewer", "GET", `${base()}/activity?kind=attachment&limit=2`);
    const texts = ((await res.json()) as { entries: { text: string }[] }).entries.map((e) => e.text);
    expect(texts).toEqual([
      "analyst-user removed the attachment 'photo.png' from E1 'Vehicle seen at the checkpoint'",
      "analyst-user attached 'photo.png' to E1 'Vehicle seen at the checkpoint'",
    ]);
  });
});

describe("text extraction", () => {
  it("gives the paragraphs of a PDF", async () => {
    const pdf = await pdfWith([
      "The convoy left the base at dawn.",
      "Two witnesses saw it pass the market shortly after six.",
    ]);
    const res = await send("analyst", "POST", `${base()}/extract-text`, pdf);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      paragraphs: [
        "The convoy left the base at dawn.",
        "Two witnesses saw it pass the market shortly after six.",
      ],
    });
  });

  it("gives the paragraphs of an HTML page without its scripts, styles or link targets", async () => {
    const html = `<!doctype html><html><head><style>p{color:red}</style><script>var secret = 1;</script></head>
      <body><h1>Raid in Khairkhane</h1><p>Residents heard <a href="https://example.org">gunfire</a>
      around midnight.</p><p>The ministry denied it.</p></body></html>`;
    const res = await send("lead", "POST", `${base()}/extract-text`, Buffer.from(html));
    expect(await res.json()).toEqual({
      paragraphs: [
        "Raid in Khairkhane",
        "Residents heard gunfire around midnight.",
        "The ministry denied it.",
      ],
    });
  });

  it("refuses other types, oversized files and callers below analyst", async () => {
    expect(await errorOf(await send("analyst", "POST", `${base()}/extract-text`, PNG))).toMatchObject({
      status: 415,
      code: "unsupported_media_type",
    });
    const big = Buffer.concat([Buffer.from("<html>"), Buffer.alloc(MAX_FILE)]);
    expect((await send("analyst", "POST", `${base()}/extract-text`, big)).status).toBe(413);
    expect((await send("viewer", "POST", `${base()}/extract-text`, Buffer.from("<p>x</p>"))).status).toBe(
      403,
    );
    expect((await send("outsider", "POST", `${base()}/extract-text`, Buffer.from("<p>x</p>"))).status).toBe(
      404,
    );
  });
});
