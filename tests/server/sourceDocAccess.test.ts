/**
 * A source's captured text (`<id>/source/<sourceId>`) opens over sync only for a source the
 * analysis's content document holds: otherwise any member could open, and an analyst fill, "ghost"
 * documents that no list shows.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import * as Y from "yjs";
import { CloseCode } from "../../shared/closeCodes";
import { contentDocName, SOURCE_TEXT_PART, sourceDocName } from "../../shared/documentNames";
import {
  fragmentToRichDoc,
  plainTextToRichDoc,
  richDocToPlainText,
  writeRichDoc,
} from "../../shared/schema/richText";
import { addSource, sourcesMap } from "../../shared/schema/sources";
import { type AuthApp, startAuthApp, type Who } from "./helpers/authApp";
import { connectClient, type TestClient } from "./helpers/connectClient";
import { waitFor } from "./helpers/waitFor";

let app: AuthApp;
const cleanups: (() => void)[] = [];

beforeAll(async () => {
  app = await startAuthApp();
});
afterAll(async () => {
  await app?.close();
});
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

function client(who: Who, docName: string, doc?: Y.Doc, connect = true): TestClient {
  const c = connectClient(app.wsUrl, docName, {
    params: { token: app.users[who].token },
    connect,
    ...(doc ? { doc } : {}),
  });
  cleanups.push(() => c.destroy());
  return c;
}

/** A bare socket as `who`: the close code, and whether any byte of a document arrived first. */
async function open(who: Who, docName: string): Promise<{ code: number; bytes: number }> {
  const ws = new WebSocket(`${app.wsUrl}/${docName}?token=${app.users[who].token}`);
  cleanups.push(() => ws.terminate());
  let bytes = 0;
  ws.on("message", (data: Buffer) => {
    bytes += data.byteLength;
  });
  ws.on("error", () => undefined);
  const code = await new Promise<number>((resolve) => ws.on("close", (c) => resolve(c)));
  return { code, bytes };
}

const actor = { userId: "test", now: "2026-01-01T00:00:00.000Z" };

async function storedText(docName: string): Promise<string> {
  await app.server.rooms.flush();
  const doc = await app.server.rooms.readDocument(docName);
  try {
    return richDocToPlainText(fragmentToRichDoc(doc.getXmlFragment(SOURCE_TEXT_PART)));
  } finally {
    doc.destroy();
  }
}

const storedNames = (): Promise<readonly string[]> =>
  app.server.store.listDocuments(`${app.analysisId}/source/`);

describe("source documents over sync", () => {
  it("refuses a source the analysis does not hold with 4404, before any byte, and stores nothing", async () => {
    for (const who of ["analyst", "viewer", "lead"] as const) {
      const ghost = sourceDocName(app.analysisId, `ghost-${who}`);
      expect(await open(who, ghost)).toEqual({ code: CloseCode.NotFound, bytes: 0 });
    }
    expect((await storedNames()).filter((n) => n.includes("ghost"))).toEqual([]);
  });

  it("opens and stores the text of a source the content document holds", async () => {
    await app.server.rooms.transact(
      contentDocName(app.analysisId),
      (doc) => addSource(doc, { title: "Held", id: "s-held" }, actor),
      { userId: null },
    );
    const name = sourceDocName(app.analysisId, "s-held");
    const analyst = client("analyst", name);
    await analyst.synced();
    writeRichDoc(analyst.doc.getXmlFragment(SOURCE_TEXT_PART), plainTextToRichDoc("Held text."));
    await waitFor(async () => expect(await storedText(name)).toBe("Held text."));
    expect(analyst.closeCodes).toEqual([]);
  });

  it("accepts a source created and typed offline once its content document has synced", async () => {
    // Offline: the source goes into the local content document, its text into the local source document.
    const content = new Y.Doc();
    const text = new Y.Doc();
    const sourceId = addSource(content, { title: "Written on the plane" }, actor);
    writeRichDoc(text.getXmlFragment(SOURCE_TEXT_PART), plainTextToRichDoc("Typed offline."));
    const name = sourceDocName(app.analysisId, sourceId);
    // Back online: the content document first (what the client's document pool does), then the text.
    const c = client("analyst", contentDocName(app.analysisId), content);
    await c.synced();
    const t = client("analyst", name, text);
    await t.synced();
    await waitFor(async () => expect(await storedText(name)).toBe("Typed offline."));
    expect(t.closeCodes).toEqual([]);
  });

  it("opens the text of a source just added over a live content connection, without waiting for it", async () => {
    const c = client("analyst", contentDocName(app.analysisId));
    await c.synced();
    const sourceId = addSource(c.doc, { title: "Just added" }, actor);
    const t = client("analyst", sourceDocName(app.analysisId, sourceId));
    await t.synced();
    expect(t.closeCodes).toEqual([]);
  });

  it("closes open connections to a source's text with 4404 when the source is deleted", async () => {
    const contentName = contentDocName(app.analysisId);
    await app.server.rooms.transact(
      contentName,
      (doc) => addSource(doc, { title: "Deleted while open", id: "s-open" }, actor),
      { userId: null },
    );
    const open = client("analyst", sourceDocName(app.analysisId, "s-open"));
    const other = client("analyst", sourceDocName(app.analysisId, "s-held"));
    await Promise.all([open.synced(), other.synced()]);
    await app.server.rooms.transact(contentName, (doc) => sourcesMap(doc).delete("s-open"), { userId: null });
    await waitFor(() => expect(open.closeCodes).toContain(CloseCode.NotFound));
    expect(other.closeCodes).toEqual([]);
  });

  it("refuses a source whose entry was deleted, erases its text, and opens an empty text when the entry is back", async () => {
    const contentName = contentDocName(app.analysisId);
    await app.server.rooms.transact(
      contentName,
      (doc) => addSource(doc, { title: "Doomed", id: "s-doomed" }, actor),
      { userId: null },
    );
    const name = sourceDocName(app.analysisId, "s-doomed");
    const first = client("analyst", name);
    await first.synced();
    writeRichDoc(first.doc.getXmlFragment(SOURCE_TEXT_PART), plainTextToRichDoc("Erased on delete."));
    await waitFor(async () => expect(await storedText(name)).toBe("Erased on delete."));
    first.destroy();
    await app.server.rooms.transact(contentName, (doc) => sourcesMap(doc).delete("s-doomed"), {
      userId: null,
    });
    expect((await open("analyst", name)).code).toBe(CloseCode.NotFound);
    await waitFor(async () => expect(await storedText(name)).toBe(""));
    // An entry with the same id back (not a restore): the text opens, empty.
    await app.server.rooms.transact(
      contentName,
      (doc) => addSource(doc, { title: "Doomed", id: "s-doomed" }, actor),
      { userId: null },
    );
    const again = client("analyst", name);
    await again.synced();
    expect(richDocToPlainText(fragmentToRichDoc(again.doc.getXmlFragment(SOURCE_TEXT_PART)))).toBe("");
  });
});
