/**
 * Every REST route of the real app, enumerated from its routers, sent in altered letter case, with
 * percent-encoded letters, double and trailing slashes, by every caller whose role falls short: no
 * variant may succeed, and the analysis (members, lead, title, archive flag, versions) and the
 * user list stay exactly as they were.
 */
import express, { type Express, Router } from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authorize, mountWithPolicy } from "../../server/auth/policy";
import { contentDocName } from "../../shared/documentNames";
import { addEvidence } from "../../shared/schema/contentDoc";
import { type AuthApp, PASSWORD, startAuthApp, type Who } from "./helpers/authApp";

type Need = "public" | "self" | "signedIn" | "viewer" | "analyst" | "lead" | "admin";
type Caller = Exclude<Who, "admin"> | null;
const CALLERS: readonly Caller[] = ["lead", "analyst", "viewer", "outsider", null];
const label = (who: Caller): string => who ?? "anonymous";

/** What each caller may do at most (none of them is an admin). */
const ALLOWED: Readonly<Record<string, readonly Need[]>> = {
  anonymous: ["public"],
  outsider: ["public", "self", "signedIn"],
  viewer: ["public", "self", "signedIn", "viewer"],
  analyst: ["public", "self", "signedIn", "viewer", "analyst"],
  lead: ["public", "self", "signedIn", "viewer", "analyst", "lead"],
};

interface Attack {
  readonly need: Need;
  readonly body?: unknown;
}

let app: AuthApp;
let versionId = "";
let attachmentId = "";

/**
 * The least role each route needs, written independently of the server's policy table. A route
 * the app serves but this table lacks fails the test, so new routes get attacked too.
 */
const POLICY: Readonly<Record<string, readonly Attack[]>> = {
  "GET /healthz": [{ need: "public" }],
  "GET /api/session": [{ need: "public" }],
  "POST /api/setup": [{ need: "public" }],
  "POST /api/auth/login": [{ need: "public" }],
  "POST /api/auth/logout": [{ need: "public" }],
  "POST /api/account/password": [{ need: "self" }],
  "GET /api/account/tokens": [{ need: "self" }],
  "POST /api/account/tokens": [{ need: "self" }],
  "DELETE /api/account/tokens/:tokenId": [{ need: "self" }],
  "GET /api/users": [{ need: "admin" }],
  "POST /api/users": [{ need: "admin", body: { name: "planted-admin", password: PASSWORD, admin: true } }],
  "PATCH /api/users/:userId": [{ need: "admin", body: { admin: true } }],
  "GET /api/analyses": [{ need: "signedIn" }],
  "POST /api/analyses": [{ need: "signedIn", body: { title: "Made by a caller" } }],
  "GET /api/analyses/:id": [{ need: "viewer" }],
  "GET /api/analyses/:id/documents": [{ need: "viewer" }],
  "PATCH /api/analyses/:id": [
    { need: "analyst", body: { title: "Hijacked" } },
    { need: "lead", body: { archived: true } },
  ],
  "DELETE /api/analyses/:id": [{ need: "lead" }],
  "GET /api/analyses/:id/raters": [{ need: "viewer" }],
  "GET /api/analyses/:id/members": [{ need: "viewer" }],
  "POST /api/analyses/:id/members": [{ need: "lead", body: { name: "spare-user", role: "lead" } }],
  "PUT /api/analyses/:id/members/:userId": [{ need: "lead", body: { role: "lead" } }],
  "DELETE /api/analyses/:id/members/:userId": [{ need: "lead" }],
  "GET /api/analyses/:id/export.json": [{ need: "viewer" }],
  "GET /api/analyses/:id/export.csv": [{ need: "viewer" }],
  "GET /api/analyses/:id/export.pdf": [{ need: "viewer" }],
  "POST /api/imports/preview": [{ need: "signedIn", body: { schemaVersion: 1, title: "Imported" } }],
  "POST /api/imports": [{ need: "signedIn", body: { schemaVersion: 1, title: "Imported" } }],
  "POST /api/analyses/:id/approvals": [{ need: "lead", body: { note: "approved by whoever" } }],
  "GET /api/analyses/:id/approval-status": [{ need: "viewer" }],
  "GET /api/analyses/:id/activity": [{ need: "viewer" }],
  "GET /api/analyses/:id/versions": [{ need: "viewer" }],
  "POST /api/analyses/:id/versions": [{ need: "analyst", body: { name: "planted version" } }],
  "GET /api/analyses/:id/versions/:vid": [{ need: "viewer" }],
  "GET /api/analyses/:id/diff": [{ need: "viewer" }],
  "POST /api/analyses/:id/restore": [{ need: "lead", body: () => ({ versionId, scope: "analysis" }) }],
  "POST /api/analyses/:id/attachments": [{ need: "analyst", body: { planted: true } }],
  "GET /api/analyses/:id/attachments": [{ need: "viewer" }],
  "GET /api/analyses/:id/attachments/:attachmentId": [{ need: "viewer" }],
  "GET /api/analyses/:id/attachments/:attachmentId/content": [{ need: "viewer" }],
  // The lead's upload: an analyst may delete only their own.
  "DELETE /api/analyses/:id/attachments/:attachmentId": [{ need: "lead" }],
  "POST /api/analyses/:id/extract-text": [{ need: "analyst", body: { html: "<p>x</p>" } }],
};

interface RouterLayer {
  readonly rawPath?: unknown;
  readonly route?: { readonly path: unknown; readonly methods: Record<string, boolean> };
  readonly handle: { readonly stack?: readonly RouterLayer[] };
}

/** `METHOD /path` of every string-path route the app serves, mount paths joined in. */
function listRoutes(stack: readonly RouterLayer[], prefix = ""): string[] {
  const join = (a: string, b: unknown): string | null =>
    typeof b === "string" ? `${a}${b === "/" ? "" : b}` || "/" : null;
  return stack.flatMap((layer) => {
    if (layer.route) {
      const path = join(prefix, layer.route.path);
      if (path === null) return [];
      return Object.keys(layer.route.methods).map((m) => `${m.toUpperCase()} ${path}`);
    }
    const inner = layer.handle.stack;
    const mount = join(prefix, layer.rawPath ?? "/");
    return inner && mount !== null ? listRoutes(inner, mount) : [];
  });
}

/** The path as sent in many spellings: only static segments change, ids stay as they are. */
function variants(template: string, fill: (param: string) => string): string[] {
  const segments = template.split("/").slice(1);
  const build = (change: (s: string) => string, sep = "/", tail = ""): string =>
    `${segments.map((s) => (s.startsWith(":") ? fill(s.slice(1)) : change(s))).reduce((a, s) => `${a}${sep}${s}`, "")}${tail}`;
  const hex = (ch: string): string => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`;
  const encodeFirst = (s: string): string => `${hex(s.charAt(0))}${s.slice(1)}`;
  const capital = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
  const same = (s: string): string => s;
  return [
    build(same),
    build((s) => s.toUpperCase()),
    build(capital),
    build((s) => s.replace(/[a-z](?=[^a-z]*$)/, (c) => c.toUpperCase())),
    build(encodeFirst),
    build((s) => encodeFirst(capital(s))),
    build(same, "//"),
    `/${build(same)}`,
    build(same, "/", "/"),
    build(same, "/", "//"),
    build((s) => s.toUpperCase(), "//", "/"),
    build(capital, "/", "/."),
  ];
}

async function snapshot() {
  const id = app.analysisId;
  const [members, record, versions, users, analyses, attachments] = await Promise.all([
    app.store.listMembers(id),
    app.store.getAnalysis(id),
    app.store.listVersions(id),
    app.store.listUsers(),
    app.store.listAnalyses(),
    app.store.listAttachments(id),
  ]);
  return {
    members: members.map((m) => `${m.userId}:${m.role}`).sort(),
    title: record?.title,
    archived: record?.archived,
    versions: versions.length,
    admins: users.filter((u) => u.admin).map((u) => u.name),
    users: users.length,
    analyses: analyses.length,
    attachments: attachments.map((a) => a.id),
  };
}

beforeAll(async () => {
  app = await startAuthApp();
  await app.server.accounts.createUser({ name: "spare-user", password: PASSWORD, admin: false });
  const res = await app.request("lead", "POST", `/api/analyses/${app.analysisId}/versions`, {
    name: "baseline",
  });
  versionId = ((await res.json()) as { id: string }).id;
  let evidenceId = "";
  await app.server.rooms.transact(
    contentDocName(app.analysisId),
    (doc) => {
      evidenceId = addEvidence(
        doc,
        { claim: "A row" },
        { userId: app.users.lead.id, now: "2026-01-01T00:00:00Z" },
      );
    },
    { userId: app.users.lead.id },
  );
  const uploaded = await fetch(
    `${app.url}/api/analyses/${app.analysisId}/attachments?owner=evidence:${evidenceId}&name=lead.gif`,
    {
      method: "POST",
      headers: { origin: app.url, cookie: app.users.lead.cookie, "content-type": "application/octet-stream" },
      body: Buffer.from("GIF89a\x01\x00\x01\x00\x00\x00\x00;", "latin1"),
    },
  );
  if (uploaded.status !== 201) throw new Error(`upload failed: ${uploaded.status} ${await uploaded.text()}`);
  attachmentId = ((await uploaded.json()) as { id: string }).id;
});
afterAll(async () => {
  await app?.close();
});

describe("route authorization", () => {
  it("knows the least role of every route the app serves", () => {
    const served = listRoutes(
      (app.server.httpServer.listeners("request")[0] as Express & { router: { stack: RouterLayer[] } }).router
        .stack,
    );
    expect(served).toContain("PUT /api/analyses/:id/members/:userId");
    expect(served.filter((r) => POLICY[r] === undefined)).toEqual([]);
    expect(Object.keys(POLICY).filter((r) => !served.includes(r))).toEqual([]);
  });

  it("refuses to mount a router with a route or middleware that declares no policy", () => {
    const router = Router();
    router.get("/:id/open", authorize("analysis.read"), (_req, res) => void res.end());
    router.get("/:id/secret", (_req, res) => void res.end());
    router.use((_req, _res, next) => next());
    expect(() => mountWithPolicy(express(), "/api/analyses", router)).toThrow(
      /GET \/api\/analyses\/:id\/secret, middleware in \/api\/analyses$/,
    );
    const declared = Router();
    declared.get("/:id/open", authorize("analysis.read"), (_req, res) => void res.end());
    expect(() => mountWithPolicy(express(), "/api/analyses", declared)).not.toThrow();
  });

  for (const [route, attacks] of Object.entries(POLICY)) {
    const [method, template] = route.split(" ") as [string, string];
    it(`refuses ${route} in every spelling to callers below its role`, async () => {
      const before = await snapshot();
      const granted: string[] = [];
      for (const attack of attacks) {
        for (const who of CALLERS) {
          if (ALLOWED[label(who)]?.includes(attack.need)) continue;
          const fill = (param: string): string => {
            if (param === "id") return app.analysisId;
            if (param === "vid") return versionId;
            if (param === "tokenId") return "t_unknown";
            if (param === "attachmentId") return attachmentId;
            // Promote oneself; remove or demote the real lead.
            if (method === "PUT" || method === "PATCH")
              return who === null ? app.users.lead.id : app.users[who].id;
            return app.users.lead.id;
          };
          const body = typeof attack.body === "function" ? attack.body() : attack.body;
          for (const path of variants(template, fill)) {
            const query = template.endsWith("/diff") ? "?from=current&to=current" : "";
            const res = await app.request(who, method, `${path}${query}`, body);
            await res.arrayBuffer();
            // A path the API never matched falls through to the web client, whose HTML shell is
            // public and holds no analysis data: only what an API route answered counts.
            const shell = (res.headers.get("content-type") ?? "").startsWith("text/html");
            if (res.status < 400 && !shell) granted.push(`${label(who)} ${method} ${path} → ${res.status}`);
          }
        }
      }
      expect(granted).toEqual([]);
      expect(await snapshot()).toEqual(before);
      const lead = await app.request("lead", "GET", `/api/analyses/${app.analysisId}`);
      expect(lead.status).toBe(200);
    });
  }
});
