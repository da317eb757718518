import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { leadDocName, ratingsDocName } from "../../shared/documentNames";
import { setBlind } from "../../shared/schema/leadDoc";
import { setRaterName, setRating } from "../../shared/schema/ratingsDoc";
import { type AuthApp, PASSWORD, startAuthApp, type Who } from "./helpers/authApp";

const TITLE = "Secret raid assessment";
const QUESTION = "Who ordered the raid?";
type Caller = Who | null;
const CALLERS: readonly Caller[] = [null, "outsider", "viewer", "analyst", "lead", "admin"];
const label = (who: Caller): string => who ?? "anonymous";

let app: AuthApp;
let spareId = "";
let created = 0;

beforeAll(async () => {
  app = await startAuthApp();
  spareId = (await app.server.accounts.createUser({ name: "spare-user", password: PASSWORD, admin: false }))
    .id;
});
afterAll(async () => {
  await app?.close();
});

interface Row {
  readonly method: string;
  /** `:id` is the analysis, `:spare` a user who is not a member. */
  readonly path: string;
  readonly body?: (who: Caller) => unknown;
  /** Status per caller: anonymous, outsider, viewer, analyst, lead, admin. */
  readonly expect: readonly [number, number, number, number, number, number];
  /** Sent as raw bytes (imports) instead of JSON. */
  readonly raw?: boolean;
}

const id = (): string => app.analysisId;
const importBody = JSON.stringify({ schemaVersion: 1, title: "Imported" });

const ROWS: readonly Row[] = [
  { method: "GET", path: "/api/session", expect: [200, 200, 200, 200, 200, 200] },
  { method: "GET", path: "/api/analyses", expect: [401, 200, 200, 200, 200, 200] },
  {
    method: "POST",
    path: "/api/analyses",
    body: (who) => ({ title: `made by ${label(who)} ${created++}` }),
    expect: [401, 201, 201, 201, 201, 201],
  },
  { method: "GET", path: "/api/analyses/:id", expect: [401, 404, 200, 200, 200, 404] },
  {
    method: "PATCH",
    path: "/api/analyses/:id",
    body: () => ({ title: TITLE }),
    expect: [401, 404, 403, 200, 200, 404],
  },
  {
    method: "DELETE",
    path: "/api/analyses/:id",
    expect: [401, 404, 403, 403, 200, 404],
  },
  {
    method: "PATCH",
    path: "/api/analyses/:id",
    body: () => ({ archived: false }),
    expect: [401, 404, 403, 403, 200, 404],
  },
  { method: "GET", path: "/api/analyses/:id/members", expect: [401, 404, 200, 200, 200, 404] },
  {
    method: "POST",
    path: "/api/analyses/:id/members",
    body: () => ({ name: "spare-user", role: "viewer" }),
    expect: [401, 404, 403, 403, 201, 404],
  },
  {
    method: "PUT",
    path: "/api/analyses/:id/members/:spare",
    body: () => ({ role: "analyst" }),
    expect: [401, 404, 403, 403, 200, 404],
  },
  {
    method: "DELETE",
    path: "/api/analyses/:id/members/:spare",
    expect: [401, 404, 403, 403, 200, 404],
  },
  { method: "GET", path: "/api/analyses/:id/raters", expect: [401, 404, 200, 200, 200, 404] },
  { method: "GET", path: "/api/analyses/:id/documents", expect: [401, 404, 200, 200, 200, 404] },
  { method: "GET", path: "/api/analyses/:id/approval-status", expect: [401, 404, 200, 200, 200, 404] },
  {
    method: "POST",
    path: "/api/analyses/:id/approvals",
    body: () => ({ note: "looks right" }),
    expect: [401, 404, 403, 403, 201, 404],
  },
  { method: "GET", path: "/api/analyses/:id/activity", expect: [401, 404, 200, 200, 200, 404] },
  { method: "GET", path: "/api/analyses/:id/versions", expect: [401, 404, 200, 200, 200, 404] },
  {
    method: "POST",
    path: "/api/analyses/:id/versions",
    body: (who) => ({ name: `version by ${label(who)}` }),
    expect: [401, 404, 403, 201, 201, 404],
  },
  {
    method: "GET",
    path: "/api/analyses/:id/diff?from=current&to=current",
    expect: [401, 404, 200, 200, 200, 404],
  },
  {
    method: "POST",
    path: "/api/analyses/:id/restore",
    body: () => ({ versionId: "no-such-version", scope: "analysis" }),
    expect: [401, 404, 403, 403, 404, 404],
  },
  { method: "GET", path: "/api/analyses/:id/export.json", expect: [401, 404, 200, 200, 200, 404] },
  { method: "GET", path: "/api/analyses/:id/export.csv", expect: [401, 404, 200, 200, 200, 404] },
  { method: "GET", path: "/api/analyses/:id/export.pdf", expect: [401, 404, 200, 200, 200, 404] },
  { method: "GET", path: "/api/analyses/does-not-exist", expect: [401, 404, 404, 404, 404, 404] },
  {
    method: "POST",
    path: "/api/imports/preview",
    raw: true,
    expect: [401, 200, 200, 200, 200, 200],
  },
  { method: "POST", path: "/api/imports", raw: true, expect: [401, 201, 201, 201, 201, 201] },
  { method: "GET", path: "/api/users", expect: [401, 403, 403, 403, 403, 200] },
  {
    method: "POST",
    path: "/api/users",
    body: (who) => ({ name: `new-user-${label(who)}`, password: PASSWORD }),
    expect: [401, 403, 403, 403, 403, 201],
  },
  {
    method: "PATCH",
    path: "/api/users/:spare",
    body: () => ({ disabled: false }),
    expect: [401, 403, 403, 403, 403, 200],
  },
  { method: "GET", path: "/api/account/tokens", expect: [401, 200, 200, 200, 200, 200] },
  {
    method: "POST",
    path: "/api/account/tokens",
    body: () => ({ name: "script" }),
    expect: [401, 201, 201, 201, 201, 201],
  },
  {
    method: "DELETE",
    path: "/api/account/tokens/t_unknown",
    expect: [401, 404, 404, 404, 404, 404],
  },
  {
    method: "POST",
    path: "/api/account/password",
    body: () => ({ currentPassword: "not the password", newPassword: "another password" }),
    expect: [401, 403, 403, 403, 403, 403],
  },
];

const resolve = (path: string): string => path.replace(":id", id()).replace(":spare", spareId);

async function send(row: Row, who: Caller): Promise<Response> {
  if (!row.raw) return app.request(who, row.method, resolve(row.path), row.body?.(who));
  return fetch(`${app.url}${resolve(row.path)}`, {
    method: row.method,
    headers: {
      origin: app.url,
      "content-type": "application/octet-stream",
      ...(who === null ? {} : { cookie: app.users[who].cookie }),
    },
    body: importBody,
  });
}

describe("REST authorisation", () => {
  for (const row of ROWS) {
    it(`answers ${row.method} ${row.path} for each role as the policy says`, async () => {
      for (const [i, who] of CALLERS.entries()) {
        const res = await send(row, who);
        const text = await res.text();
        expect({ who: label(who), status: res.status, text: text.slice(0, 200) }).toMatchObject({
          who: label(who),
          status: row.expect[i],
        });
        if (res.status >= 400) {
          expect(text).not.toContain(TITLE);
          expect(text).not.toContain(QUESTION);
          expect(JSON.parse(text)).toMatchObject({ error: { code: expect.any(String) } });
          expect(text).not.toMatch(/at .*\.ts:\d+/);
        }
      }
    });
  }

  it("lists an analysis only to its members, with their role", async () => {
    for (const who of ["outsider", "admin"] as const) {
      const body = await (await app.request(who, "GET", "/api/analyses")).text();
      expect(body).not.toContain(app.analysisId);
    }
    const list = (await (await app.request("viewer", "GET", "/api/analyses")).json()) as {
      analyses: { id: string; role: string }[];
    };
    expect(list.analyses.find((a) => a.id === app.analysisId)?.role).toBe("viewer");
  });

  it("makes the creator of an analysis its lead", async () => {
    const res = await app.request("analyst", "POST", "/api/analyses", { title: "Mine" });
    const { id: newId } = (await res.json()) as { id: string };
    const members = (await (
      await app.request("analyst", "GET", `/api/analyses/${newId}/members`)
    ).json()) as {
      role: string;
    };
    expect(members.role).toBe("lead");
  });

  it("refuses to remove the last lead", async () => {
    const res = await app.request("lead", "DELETE", `/api/analyses/${id()}/members/${app.users.lead.id}`);
    expect(res.status).toBe(409);
  });

  it("hides other people's ratings from analysts and viewers while blind, but not from leads", async () => {
    for (const who of ["lead", "analyst"] as const) {
      await app.server.rooms.transact(
        ratingsDocName(id(), app.users[who].id),
        (doc) => {
          setRaterName(doc, who);
          setRating(doc, "e1", "h1", "C");
        },
        {
          userId: app.users[who].id,
        },
      );
    }
    const raters = async (who: Who): Promise<string[]> => {
      const json = (await (await app.request(who, "GET", `/api/analyses/${id()}`)).json()) as {
        ratings: Record<string, unknown>;
      };
      return Object.keys(json.ratings).sort();
    };
    const both = [app.users.lead.id, app.users.analyst.id].sort();
    expect(await raters("analyst")).toEqual(both);
    await app.server.rooms.transact(leadDocName(id()), (doc) => setBlind(doc, true), {
      userId: app.users.lead.id,
    });
    expect(await raters("analyst")).toEqual([app.users.analyst.id]);
    expect(await raters("viewer")).toEqual([]);
    expect(await raters("lead")).toEqual(both);
    const csv = await (await app.request("viewer", "GET", `/api/analyses/${id()}/export.json`)).text();
    expect(csv).not.toContain(app.users.analyst.id);
    await app.server.rooms.transact(leadDocName(id()), (doc) => setBlind(doc, false), {
      userId: app.users.lead.id,
    });
    expect(await raters("viewer")).toEqual(both);
  });
});
