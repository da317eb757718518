import { afterEach, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { MIGRATIONS } from "../../server/store/sql/migrations";
import { openSqliteStore } from "../../server/store/sql/SqlStore";
import { SOURCE_TEXT_PART, sourceDocName } from "../../shared/documentNames";
import type { ActivityEntry } from "../../shared/history/activity";
import type { AnalysisDiff } from "../../shared/history/diffAnalyses";
import type { AnalysisJson } from "../../shared/schema/analysisJson";
import { addEvidence, evidenceNotes, renameHypothesis, updateEvidence } from "../../shared/schema/contentDoc";
import { setRating } from "../../shared/schema/ratingsDoc";
import { plainTextToRichDoc, richDocToPlainText, writeRichDoc } from "../../shared/schema/richText";
import { addSource, updateSource } from "../../shared/schema/sources";
import { anchorAt, plainTextView } from "../../shared/sources/anchoring";
import { addCitation, removeCitation } from "../../shared/sources/citations";
import { connectClient, type TestClient } from "./helpers/connectClient";
import { type HistoryApp, type HistoryWho, startHistoryApp } from "./helpers/historyApp";
import { makeTempDir } from "./helpers/tempDir";
import { waitFor } from "./helpers/waitFor";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

type Feed = { entries: (ActivityEntry & { text: string })[]; next: string | null };
type VersionReply = { id: string; name: string; kind: string; analysisId: string };
type DiffReply = {
  diff: AnalysisDiff;
  scores: { before: { ranking: string[] }; after: { ranking: string[]; hypotheses: { rated: boolean }[] } };
};

async function app(options: Parameters<typeof startHistoryApp>[0] = {}): Promise<HistoryApp> {
  const started = await startHistoryApp(options);
  cleanups.push(() => started.close());
  return started;
}

async function client(a: HistoryApp, who: HistoryWho, docName: string): Promise<TestClient> {
  const c = connectClient(a.wsUrl, docName, { params: { token: a.users[who].token } });
  cleanups.push(() => c.destroy());
  await c.synced();
  return c;
}

const actor = (a: HistoryApp, who: HistoryWho) => ({
  userId: a.users[who].id,
  now: new Date().toISOString(),
});
const ratingsDoc = (a: HistoryApp, who: HistoryWho) => `${a.analysisId}/ratings/${a.users[who].id}`;

async function json(a: HistoryApp): Promise<AnalysisJson> {
  const res = await a.request<AnalysisJson & { scores?: unknown }>(
    "lead",
    "GET",
    `/api/analyses/${a.analysisId}`,
  );
  expect(res.status).toBe(200);
  const { scores: _scores, ...view } = res.body;
  return view;
}

async function feed(a: HistoryApp, query = ""): Promise<Feed["entries"]> {
  const res = await a.request<Feed>("lead", "GET", `/api/analyses/${a.analysisId}/activity${query}`);
  expect(res.status).toBe(200);
  return res.body.entries;
}

async function saveVersion(a: HistoryApp, name: string): Promise<VersionReply> {
  const res = await a.request<VersionReply>("lead", "POST", `/api/analyses/${a.analysisId}/versions`, {
    name,
  });
  expect(res.status).toBe(201);
  return res.body;
}

const claimOf = (view: AnalysisJson, id: string) => view.evidence.find((e) => e.id === id)?.claim;

describe("history", () => {
  it("attributes each change over real sockets to the user who made it, in words", async () => {
    const a = await app();
    const leadContent = await client(a, "lead", a.analysisId);
    const boContent = await client(a, "bo", a.analysisId);
    const anaRatings = await client(a, "ana", ratingsDoc(a, "ana"));

    addEvidence(leadContent.doc, { claim: "Taliban statement denies involvement" }, actor(a, "lead"));
    setRating(anaRatings.doc, "e1", "h2", "C");
    setRating(anaRatings.doc, "e1", "h2", "II");
    updateEvidence(boContent.doc, "e2", { credibility: "high" });

    const entries = await waitFor(async () => {
      const list = await feed(a);
      expect(list).toHaveLength(4);
      return list;
    });
    const by = (kind: string, action: string) =>
      entries.filter((e) => e.kind === kind && e.action === action);
    expect(by("evidence", "added")[0]).toMatchObject({
      userId: a.users.lead.id,
      text: "Lead added evidence 'Taliban statement denies involvement'",
    });
    expect(by("rating", "rated").map((e) => [e.userId, e.text])).toEqual([
      [a.users.ana.id, "Ana rated E1 × H2: C → II"],
      [a.users.ana.id, "Ana rated E1 × H2: – → C"],
    ]);
    expect(by("evidence", "changed")[0]).toMatchObject({
      userId: a.users.bo.id,
      field: "credibility",
      before: "medium",
      after: "high",
    });

    const onlyAna = await feed(a, `?user=${a.users.ana.id}&kind=rating`);
    expect(onlyAna).toHaveLength(2);
    const page = await feed(a, "?limit=1");
    expect(page).toHaveLength(1);
  });

  it("folds keystroke-level text edits by one user on one field into one entry", async () => {
    const a = await app();
    const ana = await client(a, "ana", a.analysisId);
    for (const text of ["G", "GD", "GDI", "GDI video"]) {
      // One transaction per keystroke, as the editor binding makes them.
      ana.doc.transact(() =>
        writeRichDoc(evidenceNotes(ana.doc, "e1"), {
          type: "doc",
          content: [{ type: "paragraph", content: [{ type: "text", text }] }],
        }),
      );
    }
    const entry = await waitFor(async () => {
      const list = await feed(a, "?kind=evidence");
      expect(list).toHaveLength(1);
      expect(list[0]?.count).toBe(4);
      return list[0];
    });
    expect(entry?.text).toBe("Ana edited the notes of E1 'GDI video shows helicopters over the co…'");
  });

  it("diffs a named version against later edits: exactly those edits, with scores before and after", async () => {
    const a = await app();
    const version = await saveVersion(a, "Before the team meeting");
    const lead = await client(a, "lead", a.analysisId);
    const ana = await client(a, "ana", ratingsDoc(a, "ana"));
    renameHypothesis(lead.doc, "h2", "Afghan army with militia");
    setRating(ana.doc, "e1", "h1", "II");
    await waitFor(async () => expect((await json(a)).ratings[a.users.ana.id]?.cells["e1:h1"]).toBe("II"));
    await waitFor(async () => expect((await json(a)).hypotheses[1]?.title).toBe("Afghan army with militia"));

    const res = await a.request<DiffReply>(
      "lead",
      "GET",
      `/api/analyses/${a.analysisId}/diff?from=${version.id}&to=current`,
    );
    expect(res.status).toBe(200);
    expect(res.body.diff.changes).toEqual([
      {
        area: "hypothesis",
        kind: "changed",
        id: "h2",
        field: "title",
        before: "Afghan army alone",
        after: "Afghan army with militia",
        text: "H2 'Afghan army with militia': the title 'Afghan army alone' → 'Afghan army with militia'",
      },
      {
        area: "rating",
        kind: "added",
        id: "e1:h1",
        analyst: a.users.ana.id,
        after: "II",
        text: "Ana's rating of E1 × H1 'Coalition special forces': – → II",
      },
    ]);
    expect(res.body.scores.before.ranking).toEqual(["h1", "h2"]);
    // H1 is now rated (II) and H2 not yet: a rated hypothesis ranks before an unrated one.
    expect(res.body.scores.after.ranking).toEqual(["h1", "h2"]);
    expect(res.body.scores.after.hypotheses.map((h) => h.rated)).toEqual([true, false]);

    const list = await a.request<{ versions: VersionReply[] }>(
      "viewer",
      "GET",
      `/api/analyses/${a.analysisId}/versions`,
    );
    expect(list.body.versions.map((v) => [v.name, v.kind])).toEqual([["Before the team meeting", "named"]]);
    const view = await a.request<{ analysis: AnalysisJson & { scores: unknown } }>(
      "viewer",
      "GET",
      `/api/analyses/${a.analysisId}/versions/${version.id}`,
    );
    expect(view.status).toBe(200);
    expect(view.body.analysis.hypotheses[1]?.title).toBe("Afghan army alone");
    expect(view.body.analysis.scores).toBeDefined();

    const exported = await a.request<AnalysisJson>(
      "viewer",
      "GET",
      `/api/analyses/${a.analysisId}/export.json?version=${version.id}`,
    );
    expect(exported.status).toBe(200);
    expect(exported.body.hypotheses[1]?.title).toBe("Afghan army alone");
    expect(
      (await a.request("viewer", "GET", `/api/analyses/${a.analysisId}/export.csv?version=v_nope`)).status,
    ).toBe(404);
  });

  it("restores the analysis to a version as a new change that connected clients converge to", async () => {
    const a = await app();
    const ana = await client(a, "ana", ratingsDoc(a, "ana"));
    setRating(ana.doc, "e2", "h2", "C");
    await waitFor(async () => expect((await json(a)).ratings[a.users.ana.id]?.cells["e2:h2"]).toBe("C"));
    const version = await saveVersion(a, "Agreed");
    const before = await json(a);

    const lead = await client(a, "lead", a.analysisId);
    const bo = await client(a, "bo", a.analysisId);
    const added = addEvidence(lead.doc, { claim: "A later row" }, actor(a, "lead"));
    updateEvidence(bo.doc, "e1", { claim: "Rewritten claim" });
    renameHypothesis(lead.doc, "h1", "Renamed");
    setRating(ana.doc, "e2", "h2", "II");
    setRating(ana.doc, "e1", "h1", "N");
    await waitFor(async () => expect(claimOf(await json(a), "e1")).toBe("Rewritten claim"));
    await waitFor(async () => expect((await json(a)).ratings[a.users.ana.id]?.cells["e1:h1"]).toBe("N"));

    const preview = await a.request<{ restored: boolean; diff: AnalysisDiff }>(
      "lead",
      "POST",
      `/api/analyses/${a.analysisId}/restore`,
      {
        versionId: version.id,
        scope: "analysis",
        dryRun: true,
      },
    );
    expect(preview.status).toBe(200);
    expect(preview.body.restored).toBe(false);
    expect(claimOf(await json(a), "e1")).toBe("Rewritten claim");

    const res = await a.request<{ restored: boolean; diff: AnalysisDiff }>(
      "lead",
      "POST",
      `/api/analyses/${a.analysisId}/restore`,
      {
        versionId: version.id,
        scope: "analysis",
      },
    );
    expect(res.status).toBe(200);
    expect(res.body.restored).toBe(true);
    expect(res.body.diff).toEqual(preview.body.diff);

    const after = await json(a);
    // Items made after the version are archived, never deleted; everything else is as it was.
    expect(after.evidence.find((e) => e.id === added)?.archived).toBe(true);
    expect({ ...after, evidence: after.evidence.filter((e) => e.id !== added) }).toEqual(before);
    await waitFor(() => {
      expect(bo.doc.getMap("evidence").get("e1")).toBeInstanceOf(Y.Map);
      expect((bo.doc.getMap("evidence").get("e1") as Y.Map<unknown>).get("claim")).toBe(
        "GDI video shows helicopters over the compound",
      );
      expect((lead.doc.getMap("hypotheses").get("h1") as Y.Map<unknown>).get("title")).toBe(
        "Coalition special forces",
      );
      expect(ana.doc.getMap("ratings").toJSON()).toEqual({ "e2:h2": "C" });
    });
    const restoredEntry = (await feed(a, "?kind=restore"))[0];
    expect(restoredEntry?.text).toBe("Lead restored the analysis to version 'Agreed'");
    const versions = await a.request<{ versions: VersionReply[] }>(
      "lead",
      "GET",
      `/api/analyses/${a.analysisId}/versions`,
    );
    expect(versions.body.versions[0]?.name).toBe('Before restoring "Agreed"');
  });

  it("restores sources, their captured text and citations, and the feed names them in words", async () => {
    const a = await app();
    const lead = await client(a, "lead", a.analysisId);
    addSource(lead.doc, { title: "Ministry statement", id: "s1", reliability: "C" }, actor(a, "lead"));
    const text = await client(a, "ana", sourceDocName(a.analysisId, "s1"));
    writeRichDoc(
      text.doc.getXmlFragment(SOURCE_TEXT_PART),
      plainTextToRichDoc("The convoy was hit at dawn."),
    );
    const view = plainTextView(text.doc.getXmlFragment(SOURCE_TEXT_PART));
    const at = view.text.indexOf("hit at dawn");
    const anchor = anchorAt(view, { start: at, end: at + "hit at dawn".length });
    if (anchor === null) throw new Error("no anchor");
    const citationId = addCitation(lead.doc, "e1", { sourceId: "s1", anchor }, actor(a, "lead"));
    await waitFor(async () => expect((await json(a)).evidence[0]?.citations[0]?.position).not.toBeNull());
    const version = await saveVersion(a, "Cited");
    const before = await json(a);

    removeCitation(lead.doc, "e1", citationId);
    updateSource(lead.doc, "s1", { title: "Renamed statement" });
    addSource(lead.doc, { title: "Later source", id: "s2" }, actor(a, "lead"));
    writeRichDoc(text.doc.getXmlFragment(SOURCE_TEXT_PART), plainTextToRichDoc("Other words entirely."));
    await waitFor(async () => {
      const now = await json(a);
      expect(now.evidence[0]?.citations).toEqual([]);
      expect(richDocToPlainText(now.sources[0]?.text ?? { type: "doc" })).toBe("Other words entirely.");
    });

    const res = await a.request("lead", "POST", `/api/analyses/${a.analysisId}/restore`, {
      versionId: version.id,
      scope: "analysis",
    });
    expect(res.status).toBe(200);
    const after = await json(a);
    expect(after.sources.find((s) => s.id === "s2")?.archived).toBe(true);
    expect(after.sources.filter((s) => s.id !== "s2")).toEqual(before.sources);
    expect(after.evidence[0]?.citations).toEqual(before.evidence[0]?.citations);
    await waitFor(() => expect(text.doc.getXmlFragment(SOURCE_TEXT_PART).toJSON()).toContain("hit at dawn"));
    const cited = (await feed(a, "?kind=citation")).map((e) => e.text);
    expect(cited).toContain(
      "Lead cited 'hit at dawn' of source 'Ministry statement' in E1 'GDI video shows helicopters over the co…'",
    );
    expect(cited).toContain(
      "Lead removed the citation of 'hit at dawn' from E1 'GDI video shows helicopters over the co…'",
    );
  });

  it("restores one row and leaves other people's later edits elsewhere intact", async () => {
    const a = await app();
    const version = await saveVersion(a, "Monday");
    const ana = await client(a, "ana", a.analysisId);
    const anaRatings = await client(a, "ana", ratingsDoc(a, "ana"));
    const boRatings = await client(a, "bo", ratingsDoc(a, "bo"));
    updateEvidence(ana.doc, "e1", { claim: "Bad edit", credibility: "low" });
    updateEvidence(ana.doc, "e2", { claim: "Good edit on another row" });
    setRating(anaRatings.doc, "e1", "h1", "II");
    setRating(boRatings.doc, "e2", "h2", "CC");
    setRating(boRatings.doc, "e1", "h2", "I");
    await waitFor(async () => {
      const view = await json(a);
      expect(claimOf(view, "e2")).toBe("Good edit on another row");
      expect(view.ratings[a.users.bo.id]?.cells["e1:h2"]).toBe("I");
      expect(view.ratings[a.users.ana.id]?.cells["e1:h1"]).toBe("II");
    });

    const res = await a.request("lead", "POST", `/api/analyses/${a.analysisId}/restore`, {
      versionId: version.id,
      scope: { evidenceId: "e1" },
    });
    expect(res.status).toBe(200);
    const view = await json(a);
    const e1 = view.evidence.find((e) => e.id === "e1");
    expect([e1?.claim, e1?.credibility]).toEqual(["GDI video shows helicopters over the compound", "medium"]);
    expect(claimOf(view, "e2")).toBe("Good edit on another row");
    expect(view.ratings[a.users.bo.id]?.cells).toEqual({ "e2:h2": "CC" });
    expect(view.ratings[a.users.ana.id]).toBeUndefined();
    await waitFor(() => expect(boRatings.doc.getMap("ratings").toJSON()).toEqual({ "e2:h2": "CC" }));
  });

  it("keeps a version restorable after compaction and a server restart", async () => {
    const first = await startHistoryApp();
    const users = first.users;
    const analysisId = first.analysisId;
    const dataDir = first.dataDir;
    let current = first;
    cleanups.push(() => current.close());
    const ana = connectClient(first.wsUrl, ratingsDoc(first, "ana"), { params: { token: users.ana.token } });
    await ana.synced();
    setRating(ana.doc, "e1", "h1", "C");
    await waitFor(async () => expect((await json(first)).ratings[users.ana.id]?.cells["e1:h1"]).toBe("C"));
    const version = await saveVersion(first, "Baseline");
    // Enough separate updates to pass the compaction threshold (500 log rows).
    for (let i = 0; i < 260; i++) {
      setRating(ana.doc, "e1", "h2", i % 2 === 0 ? "I" : "II");
      setRating(ana.doc, "e2", "h2", i % 2 === 0 ? "N" : "C");
    }
    await waitFor(async () => {
      const stored = await first.store.loadDocument(ratingsDoc(first, "ana"));
      expect(stored.logCount).toBeLessThan(100);
    }, 15_000);
    ana.destroy();
    await first.stop();

    current = await startHistoryApp({ reuse: { dataDir, users, analysisId } });
    const view = await current.request<{ analysis: AnalysisJson }>(
      "lead",
      "GET",
      `/api/analyses/${analysisId}/versions/${version.id}`,
    );
    expect(view.status).toBe(200);
    expect(view.body.analysis.ratings[users.ana.id]?.cells).toEqual({ "e1:h1": "C" });
    const res = await current.request("lead", "POST", `/api/analyses/${analysisId}/restore`, {
      versionId: version.id,
    });
    expect(res.status).toBe(200);
    expect((await json(current)).ratings[users.ana.id]?.cells).toEqual({ "e1:h1": "C" });
  });

  it("takes an automatic version after a stretch of activity followed by a pause", async () => {
    const a = await app({
      history: { autoMinActivityMs: 60, autoPauseMs: 150, autoDailyMs: 3_600_000, autoTickMs: 20 },
    });
    const ana = await client(a, "ana", ratingsDoc(a, "ana"));
    setRating(ana.doc, "e1", "h1", "C");
    await waitFor(async () => expect((await feed(a, "?kind=rating")).length).toBe(1));
    await new Promise((resolve) => setTimeout(resolve, 80));
    setRating(ana.doc, "e1", "h2", "I");
    const versions = await waitFor(async () => {
      const res = await a.request<{ versions: VersionReply[] }>(
        "lead",
        "GET",
        `/api/analyses/${a.analysisId}/versions`,
      );
      expect(res.body.versions).toHaveLength(1);
      return res.body.versions;
    });
    expect(versions[0]).toMatchObject({ kind: "auto", name: "Work session" });
    const view = await a.request<{ analysis: AnalysisJson }>(
      "lead",
      "GET",
      `/api/analyses/${a.analysisId}/versions/${versions[0]?.id}`,
    );
    expect(view.body.analysis.ratings[a.users.ana.id]?.cells).toEqual({ "e1:h1": "C", "e1:h2": "I" });
  });

  it("answers unknown versions, other analyses' versions and non-leads with clear 404/403, touching nothing", async () => {
    const a = await app();
    const version = await saveVersion(a, "Mine");
    const other = await a.request<{ id: string }>("lead", "POST", "/api/analyses", {
      title: "Another analysis",
    });
    const foreign = await a.request<VersionReply>("lead", "POST", `/api/analyses/${other.body.id}/versions`, {
      name: "Theirs",
    });
    const base = `/api/analyses/${a.analysisId}`;

    const unknown = await a.request<{ error: { code: string } }>("lead", "GET", `${base}/versions/v_nope`);
    expect([unknown.status, unknown.body.error.code]).toEqual([404, "not_found"]);
    expect((await a.request("lead", "GET", `${base}/versions/${foreign.body.id}`)).status).toBe(404);
    expect((await a.request("lead", "GET", `${base}/diff?from=${foreign.body.id}`)).status).toBe(404);
    expect((await a.request("lead", "GET", `${base}/diff?from=nope&to=${version.id}`)).status).toBe(404);
    expect((await a.request("lead", "POST", `${base}/restore`, { versionId: "nope" })).status).toBe(404);
    expect((await a.request("lead", "POST", `${base}/restore`, { versionId: foreign.body.id })).status).toBe(
      404,
    );
    expect((await a.request("outsider", "GET", `${base}/versions`)).status).toBe(404);

    const lead = await client(a, "lead", a.analysisId);
    updateEvidence(lead.doc, "e1", { claim: "Later claim" });
    await waitFor(async () => expect(claimOf(await json(a), "e1")).toBe("Later claim"));
    const before = await json(a);

    const byAnalyst = await a.request<{ error: { code: string } }>("ana", "POST", `${base}/restore`, {
      versionId: version.id,
    });
    expect([byAnalyst.status, byAnalyst.body.error.code]).toEqual([403, "forbidden"]);
    expect((await a.request("viewer", "POST", `${base}/versions`, { name: "x" })).status).toBe(403);
    const missingRow = await a.request("lead", "POST", `${base}/restore`, {
      versionId: version.id,
      scope: { evidenceId: "e_not_there" },
    });
    expect(missingRow.status).toBe(404);
    const badScope = await a.request("lead", "POST", `${base}/restore`, {
      versionId: version.id,
      scope: { row: 1 },
    });
    expect(badScope.status).toBe(400);
    expect((await a.request("lead", "POST", `${base}/versions`, { name: "" })).status).toBe(400);

    expect(await json(a)).toEqual(before);
    const versions = await a.request<{ versions: VersionReply[] }>("lead", "GET", `${base}/versions`);
    expect(versions.body.versions.map((v) => v.name)).toEqual(["Mine"]);
  });
});

describe("history store migration", () => {
  it("upgrades a SQLite file written by the previous schema, keeping documents and versions", async () => {
    const dir = await makeTempDir();
    cleanups.push(() => dir.remove());
    const previous = MIGRATIONS.slice(0, -1);
    const old = await openSqliteStore({ location: { dataDir: dir.path }, migrations: previous });
    expect(old.schemaVersion).toBe(previous.length);
    const doc = new Y.Doc();
    doc.getMap("meta").set("title", "Old analysis");
    const now = "2024-05-01T00:00:00.000Z";
    await old.createAnalysis(
      { id: "a1", title: "Old analysis", createdAt: now, updatedAt: now, archived: false, createdBy: "u1" },
      new Map([["a1", Y.encodeStateAsUpdate(doc)]]),
      { userId: "u1" },
    );
    await old.appendUpdate("a1/ratings/u1", Y.encodeStateAsUpdate(new Y.Doc()), { userId: "u1" });
    await old.saveVersion(
      { id: "v1", analysisId: "a1", name: "Old version", kind: "named", createdBy: "u1", createdAt: now },
      new Map([["a1", Y.encodeStateAsUpdate(doc)]]),
    );
    await old.close();

    const upgraded = await openSqliteStore({ location: { dataDir: dir.path } });
    cleanups.push(() => upgraded.close());
    expect(upgraded.schemaVersion).toBe(MIGRATIONS.length);
    expect((await upgraded.getAnalysis("a1"))?.title).toBe("Old analysis");
    expect((await upgraded.loadDocument("a1")).updates).toHaveLength(1);
    expect((await upgraded.getVersion("v1"))?.record.name).toBe("Old version");
    await upgraded.appendActivity([
      {
        analysisId: "a1",
        docName: "a1",
        userId: "u1",
        userName: "Una",
        at: now,
        kind: "meta",
        action: "changed",
        target: null,
        field: "title",
        before: "Old analysis",
        after: "New",
        label: null,
        coalesceKey: "k",
      },
    ]);
    expect(await upgraded.listActivity("a1", { limit: 10 })).toMatchObject([{ field: "title", count: 1 }]);
    expect(await upgraded.lastActivityAt("a1")).toBe(now);
  });
});
