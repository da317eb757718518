/**
 * A rater is named by their account, never by the name stored in their ratings document: an
 * analyst setting `meta.name` to the lead's name over sync is refused (4422), and a ratings
 * document that already carries a false name (stored before this rule) is labelled with the
 * account name in the raters list, the JSON view and every export.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CloseCode } from "../../shared/closeCodes";
import { contentDocName, ratingsDocName } from "../../shared/documentNames";
import { addEvidence, addHypothesis } from "../../shared/schema/contentDoc";
import { ratingsMap, readRaterName, setRaterName, setRating } from "../../shared/schema/ratingsDoc";
import { pageTexts } from "../fixtures/pdfText";
import { type AuthApp, startAuthApp } from "./helpers/authApp";
import { connectClient, type TestClient } from "./helpers/connectClient";
import { waitFor } from "./helpers/waitFor";

let app: AuthApp;
const clients: TestClient[] = [];
let evidenceId = "";
let hypothesisId = "";

beforeAll(async () => {
  app = await startAuthApp();
  const actor = { userId: app.users.lead.id, now: new Date().toISOString() };
  await app.server.rooms.transact(
    contentDocName(app.analysisId),
    (doc) => {
      hypothesisId = addHypothesis(doc, { title: "The militia" }, actor);
      evidenceId = addEvidence(doc, { claim: "A radio intercept" }, actor);
    },
    { userId: app.users.lead.id },
  );
}, 30_000);
afterAll(async () => {
  for (const c of clients) c.destroy();
  await app?.close();
});

const analystRatings = (): string => ratingsDocName(app.analysisId, app.users.analyst.id);

describe("rater names", () => {
  it("admits the analyst's own account name", async () => {
    const c = connectClient(app.wsUrl, analystRatings(), { params: { token: app.users.analyst.token } });
    clients.push(c);
    await c.synced();
    c.doc.transact(() => {
      setRaterName(c.doc, app.users.analyst.name);
      setRating(c.doc, evidenceId, hypothesisId, "C");
    });
    await waitFor(async () =>
      expect(await app.server.rooms.inspect(analystRatings(), (doc) => ratingsMap(doc).size)).toBe(1),
    );
    expect(c.denied).toEqual([]);
    c.destroy();
  });

  it("refuses an analyst's update that names their ratings after another member", async () => {
    const c = connectClient(app.wsUrl, analystRatings(), { params: { token: app.users.analyst.token } });
    clients.push(c);
    await c.synced();
    c.doc.transact(() => {
      setRaterName(c.doc, app.users.lead.name);
      setRating(c.doc, evidenceId, hypothesisId, "II");
    });
    await waitFor(() => expect(c.closeCodes).toContain(CloseCode.UpdateRefused));
    expect(c.denied.join("\n")).toContain("a rater's name is their own account name only");
    // A refusal cools the sender down in this room: the admitted write above stays as it was.
    const stored = await app.server.rooms.inspect(analystRatings(), (doc) => ({
      name: readRaterName(doc),
      cells: ratingsMap(doc).size,
    }));
    expect(stored).toEqual({ name: app.users.analyst.name, cells: 1 });
    c.destroy();
  });

  it("labels a stored false name with the account name in the raters list, the view and exports", async () => {
    // A document written before the rule: its stored name is the lead's.
    await app.server.rooms.transact(
      analystRatings(),
      (doc) => {
        setRaterName(doc, app.users.lead.name);
        setRating(doc, evidenceId, hypothesisId, "N");
      },
      { userId: app.users.analyst.id },
    );
    const analystId = app.users.analyst.id;
    const base = `/api/analyses/${app.analysisId}`;

    const raters = (await (await app.request("lead", "GET", `${base}/raters`)).json()) as {
      raters: { userId: string; name: string }[];
    };
    expect(raters.raters).toEqual([{ userId: analystId, name: app.users.analyst.name }]);

    const view = (await (await app.request("lead", "GET", base)).json()) as {
      ratings: Record<string, { name: string }>;
    };
    expect(view.ratings[analystId]?.name).toBe(app.users.analyst.name);

    const exported = (await (
      await app.request("lead", "GET", `/api/analyses/${app.analysisId}/export.json`)
    ).json()) as {
      ratings: Record<string, { name: string }>;
    };
    expect(exported.ratings[analystId]?.name).toBe(app.users.analyst.name);

    const csv = await (
      await app.request("lead", "GET", `/api/analyses/${app.analysisId}/export.csv?view=${analystId}`)
    ).text();
    expect(csv).not.toContain(app.users.lead.name);

    const pdf = await app.request(
      "lead",
      "GET",
      `/api/analyses/${app.analysisId}/export.pdf?view=${analystId}`,
    );
    expect(pdf.status).toBe(200);
    const text = (await pageTexts(new Uint8Array(await pdf.arrayBuffer()))).join("\n");
    expect(text).toContain(`Ratings of ${app.users.analyst.name} only`);
    expect(text).not.toContain(`Ratings of ${app.users.lead.name}`);
  });
});
