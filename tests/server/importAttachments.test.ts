/**
 * A JSON export lists the analysis's attachments (names, owners, SHA-256) but carries no file bytes,
 * so an import cannot bring them back: it says so in its warnings instead of dropping them silently.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contentDocName } from "../../shared/documentNames";
import { addEvidence } from "../../shared/schema/contentDoc";
import { type AuthApp, startAuthApp } from "./helpers/authApp";

let app: AuthApp;
const PNG = Buffer.from("89504e470d0a1a0a0000000d4948445200000001000000010806000000", "hex");

beforeAll(async () => {
  app = await startAuthApp();
}, 30_000);
afterAll(async () => {
  await app?.close();
});

describe("importing an export with attachments", () => {
  it("imports the rest and warns that the attached files are not imported", async () => {
    const id = app.analysisId;
    let evidenceId = "";
    await app.server.rooms.transact(
      contentDocName(id),
      (doc) => {
        evidenceId = addEvidence(doc, { claim: "Footage of the convoy" }, { userId: "test", now: "t" });
      },
      { userId: null },
    );
    const query = new URLSearchParams({ owner: `evidence:${evidenceId}`, name: "convoy.png" });
    const uploaded = await fetch(`${app.url}/api/analyses/${id}/attachments?${query}`, {
      method: "POST",
      headers: { cookie: app.users.analyst.cookie, origin: app.url },
      body: PNG,
    });
    expect(uploaded.status).toBe(201);
    const exported = await app.request("viewer", "GET", `/api/analyses/${id}/export.json`);
    const file = await exported.text();
    expect(JSON.parse(file).attachments).toHaveLength(1);

    const imported = await fetch(`${app.url}/api/imports`, {
      method: "POST",
      headers: { cookie: app.users.lead.cookie, origin: app.url, "content-type": "application/json" },
      body: file,
    });
    expect(imported.status).toBe(201);
    const { warnings } = (await imported.json()) as { warnings: string[] };
    expect(warnings.join("\n")).toMatch(/1 attached file \(convoy\.png\) is not imported/);
  });
});
