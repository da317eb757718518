import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AuthApp, startAuthApp } from "./helpers/authApp";

let app: AuthApp;
beforeAll(async () => {
  app = await startAuthApp();
});
afterAll(async () => {
  await app?.close();
});

/** An analysis whose description nests 50 000 arrays: 100 KB of text, far beyond any real file. */
const deepJson = `{"schemaVersion":1,"title":"Deep","description":${"[".repeat(50_000)}${"]".repeat(50_000)}}`;

const post = (path: string, contentType: string) =>
  fetch(`${app.url}${path}`, {
    method: "POST",
    headers: { origin: app.url, cookie: app.users.lead.cookie, "content-type": contentType },
    body: deepJson,
  });

describe("JSON nested too deeply", () => {
  for (const [path, type] of [
    ["/api/analyses", "application/json"],
    ["/api/imports", "application/json"],
    ["/api/imports", "application/octet-stream"],
    ["/api/imports/preview", "application/octet-stream"],
  ] as const) {
    it(`is a 400 saying so, before anything parses it (${path}, ${type})`, async () => {
      const res = await post(path, type);
      expect(res.status).toBe(400);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe("validation_failed");
      expect(body.error.message).toMatch(/nested too deeply/);
    });
  }

  it("still accepts an ordinary import", async () => {
    const res = await fetch(`${app.url}/api/imports`, {
      method: "POST",
      headers: { origin: app.url, cookie: app.users.lead.cookie, "content-type": "application/json" },
      body: JSON.stringify({ schemaVersion: 1, title: "Fine", description: "one\ntwo" }),
    });
    expect(res.status).toBe(201);
  });
});
