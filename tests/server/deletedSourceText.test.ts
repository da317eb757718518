/**
 * Deleting a source erases its captured text from the live document: an analyst who puts an entry
 * with the same id back over sync (ids show in versions and the feed) gets an empty text, not the
 * deleted one. Only a restore (a lead's) brings the text back, from the version's own copy.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
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
const actor = { userId: "test", now: "2026-01-01T00:00:00.000Z" };

beforeAll(async () => {
  app = await startAuthApp();
});
afterAll(async () => {
  await app?.close();
});
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

function client(who: Who, docName: string): TestClient {
  const c = connectClient(app.wsUrl, docName, { params: { token: app.users[who].token } });
  cleanups.push(() => c.destroy());
  return c;
}

const plain = (doc: Y.Doc): string =>
  richDocToPlainText(fragmentToRichDoc(doc.getXmlFragment(SOURCE_TEXT_PART)));

async function storedText(docName: string): Promise<string> {
  await app.server.rooms.flush();
  const doc = await app.server.rooms.readDocument(docName);
  try {
    return plain(doc);
  } finally {
    doc.destroy();
  }
}

describe("a deleted source's text", () => {
  it("is erased, so an analyst re-adding its id over sync gets an empty text; a lead's restore brings it back", async () => {
    const id = app.analysisId;
    const name = sourceDocName(id, "s-secret");
    const content = client("analyst", contentDocName(id));
    await content.synced();
    content.doc.transact(() => addSource(content.doc, { id: "s-secret", title: "Informant" }, actor));
    const text = client("analyst", name);
    await text.synced();
    writeRichDoc(text.doc.getXmlFragment(SOURCE_TEXT_PART), plainTextToRichDoc("SECRET: informant name"));
    await waitFor(async () => expect(await storedText(name)).toBe("SECRET: informant name"));
    const saved = await app.request("lead", "POST", `/api/analyses/${id}/versions`, { name: "with secret" });
    expect(saved.status).toBe(201);
    const versionId = ((await saved.json()) as { id: string }).id;

    // A tab that keeps a copy of the text.
    const kept = new Y.Doc();
    Y.applyUpdate(kept, Y.encodeStateAsUpdate(text.doc));

    // The analyst deletes the source and puts an entry with its id back at once, within one
    // debounce of the server's hooks: the text is erased all the same.
    content.doc.transact(() => sourcesMap(content.doc).delete("s-secret"));
    content.doc.transact(() => addSource(content.doc, { id: "s-secret", title: "Back" }, actor));
    await waitFor(async () =>
      expect(await app.server.rooms.inspect(contentDocName(id), (d) => sourcesMap(d).has("s-secret"))).toBe(
        true,
      ),
    );
    await waitFor(async () => expect(await storedText(name)).toBe(""));
    // Compacted away: no stored row holds the text's bytes any more.
    await waitFor(async () => {
      const stored = await app.server.store.loadDocument(name);
      expect(Buffer.concat(stored.updates).includes("SECRET")).toBe(false);
    });
    // The feed names who deleted it as the author of the erasure.
    const feed = await app.server.store.listActivity(id, { kind: "source", limit: 50 });
    const textEdits = feed.filter((e) => e.target === "s-secret" && e.field === "capturedText");
    expect(textEdits.length).toBeGreaterThan(0);
    expect(new Set(textEdits.map((e) => e.userId))).toEqual(new Set([app.users.analyst.id]));

    // The tab's copy syncs again: the erasure's deletions win.
    const stale = connectClient(app.wsUrl, name, { params: { token: app.users.analyst.token }, doc: kept });
    cleanups.push(() => stale.destroy());
    await stale.synced();
    await waitFor(() => expect(plain(kept)).toBe(""));
    expect(await storedText(name)).toBe("");

    const viewer = client("viewer", name);
    await viewer.synced();
    expect(plain(viewer.doc)).toBe("");
    const exported = await app.request("viewer", "GET", `/api/analyses/${id}/export.json`);
    expect(exported.status).toBe(200);
    expect(await exported.text()).not.toContain("SECRET");

    // The version kept its own copy: restoring it brings the text back.
    const restored = await app.request("lead", "POST", `/api/analyses/${id}/restore`, { versionId });
    expect(restored.status).toBe(200);
    await waitFor(() => expect(plain(viewer.doc)).toBe("SECRET: informant name"));
    expect(await storedText(name)).toBe("SECRET: informant name");
  });
});
