/**
 * Source texts the content document does not reference — a deleted source's text (until it is erased),
 * or a text stored under a name no source ever had (before sync refused such names) — are no part of
 * the analysis: the documents bundle, versions, exports and restores leave them out, so a deleted
 * source's text is not readable through them.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { decodeDocumentBundle } from "../../shared/documentBundle";
import { contentDocName, SOURCE_TEXT_PART, sourceDocName } from "../../shared/documentNames";
import { plainTextToRichDoc, writeRichDoc } from "../../shared/schema/richText";
import { addSource, sourcesMap } from "../../shared/schema/sources";
import { type AuthApp, startAuthApp } from "./helpers/authApp";

let app: AuthApp;
const actor = { userId: "test", now: "2026-01-01T00:00:00.000Z" };

/** A text stored straight in the store, as a room would have stored it. */
async function storeText(name: string, text: string): Promise<void> {
  const doc = new Y.Doc();
  writeRichDoc(doc.getXmlFragment(SOURCE_TEXT_PART), plainTextToRichDoc(text));
  await app.store.appendUpdate(name, Y.encodeStateAsUpdate(doc), { userId: null });
}

beforeAll(async () => {
  app = await startAuthApp();
  const id = app.analysisId;
  await app.server.rooms.transact(
    contentDocName(id),
    (doc) => {
      addSource(doc, { id: "s-kept", title: "Kept" }, actor);
      addSource(doc, { id: "s-deleted", title: "Deleted" }, actor);
    },
    { userId: null },
  );
  await storeText(sourceDocName(id, "s-kept"), "kept text");
  await storeText(sourceDocName(id, "s-deleted"), "SECRET deleted text");
  await storeText(sourceDocName(id, "s-ghost"), "SECRET ghost text");
  await app.server.rooms.transact(contentDocName(id), (doc) => sourcesMap(doc).delete("s-deleted"), {
    userId: null,
  });
}, 30_000);
afterAll(async () => {
  await app?.close();
});

const onlyKept = (names: readonly string[]) =>
  expect(names.filter((n) => n.includes("/source/"))).toEqual([sourceDocName(app.analysisId, "s-kept")]);

describe("source texts no source references", () => {
  it("are left out of the documents bundle", async () => {
    const res = await app.request("viewer", "GET", `/api/analyses/${app.analysisId}/documents`);
    expect(res.status).toBe(200);
    onlyKept(decodeDocumentBundle(new Uint8Array(await res.arrayBuffer())).map((d) => d.name));
  });

  it("are left out of versions, and of their exports", async () => {
    const saved = await app.request("analyst", "POST", `/api/analyses/${app.analysisId}/versions`, {
      name: "v",
    });
    expect(saved.status).toBe(201);
    const versionId = ((await saved.json()) as { id: string }).id;
    const stored = await app.store.getVersion(versionId);
    onlyKept([...(stored?.documents.keys() ?? [])]);
    const exported = await app.request(
      "viewer",
      "GET",
      `/api/analyses/${app.analysisId}/export.json?version=${versionId}`,
    );
    expect(exported.status).toBe(200);
    expect(await exported.text()).not.toContain("SECRET");
  });

  it("are left out of the live export", async () => {
    const exported = await app.request("viewer", "GET", `/api/analyses/${app.analysisId}/export.json`);
    expect(exported.status).toBe(200);
    const body = await exported.text();
    expect(body).toContain("kept text");
    expect(body).not.toContain("SECRET");
  });

  it("are not written back by restoring a version that captured one", async () => {
    const id = app.analysisId;
    const saved = await app.request("lead", "POST", `/api/analyses/${id}/versions`, { name: "clean" });
    const versionId = ((await saved.json()) as { id: string }).id;
    const stored = await app.store.getVersion(versionId);
    if (stored === null) throw new Error("version not stored");
    // A version captured before versions left such texts out.
    const ghost = new Y.Doc();
    writeRichDoc(ghost.getXmlFragment(SOURCE_TEXT_PART), plainTextToRichDoc("SECRET old ghost"));
    const documents = new Map(stored.documents);
    documents.set(sourceDocName(id, "s-old-ghost"), Y.encodeStateAsUpdate(ghost));
    const old = { ...stored.record, id: "v-with-ghost", name: "with ghost" };
    await app.store.saveVersion(old, documents);
    await app.server.rooms.transact(contentDocName(id), (doc) => addSource(doc, { title: "Later" }, actor), {
      userId: null,
    });
    const restored = await app.request("lead", "POST", `/api/analyses/${id}/restore`, { versionId: old.id });
    expect(restored.status).toBe(200);
    expect(await app.store.listDocuments(sourceDocName(id, "s-old-ghost"))).toEqual([]);
  });
});
