/**
 * Comments over sync follow the rule the UI shows: anyone who may write the content posts, replies,
 * resolves and reopens; only a comment's author or a lead deletes it (a thread's root with its
 * replies); nobody rewrites another member's words or writes in another member's name. A crafted
 * Yjs update that breaks the rule is refused (4422) and neither stored nor relayed.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { CloseCode } from "../../shared/closeCodes";
import { contentDocName, parseDocumentName } from "../../shared/documentNames";
import {
  addComment,
  type Comment,
  commentsMap,
  deleteComment,
  listComments,
  setCommentResolved,
} from "../../shared/schema/comments";
import { type AuthApp, startAuthApp, type Who } from "./helpers/authApp";
import { connectClient, type TestClient } from "./helpers/connectClient";
import { waitFor } from "./helpers/waitFor";

let app: AuthApp;
/** The `viewer` account is a second analyst here. */
const SECOND: Who = "viewer";
const clients: TestClient[] = [];

beforeAll(async () => {
  app = await startAuthApp({ roles: { viewer: "analyst" } });
}, 30_000);
afterAll(async () => {
  for (const c of clients) c.destroy();
  await app?.close();
});

/** A fresh analysis per case: a refusal cools its sender down in that room only. */
async function newAnalysis(): Promise<string> {
  const res = await app.request("lead", "POST", "/api/analyses", { title: "Comments" });
  const id = ((await res.json()) as { id: string }).id;
  await app.store.setMember({ analysisId: id, userId: app.users.analyst.id, role: "analyst" });
  await app.store.setMember({ analysisId: id, userId: app.users[SECOND].id, role: "analyst" });
  return contentDocName(id);
}

async function open(who: Who, docName: string): Promise<TestClient> {
  const c = connectClient(app.wsUrl, docName, { params: { token: app.users[who].token } });
  clients.push(c);
  await c.synced();
  return c;
}

const author = (who: Who) => ({
  userId: app.users[who].id,
  name: app.users[who].name,
  now: new Date().toISOString(),
});

const target = { kind: "evidence", id: "e1" } as const;

const stored = (docName: string): Promise<Comment[]> =>
  app.server.rooms.inspect(docName, (doc) => listComments(doc));

/** `who` posts a comment through the server (as their client would), returning its id. */
async function post(docName: string, who: Who, body: string, replyTo?: string): Promise<string> {
  let id = "";
  await app.server.rooms.transact(
    docName,
    (doc) => {
      id = addComment(doc, replyTo === undefined ? { target, body } : { target, body, replyTo }, author(who));
    },
    { userId: app.users[who].id },
  );
  return id;
}

describe("comments over sync", () => {
  it("lets authors delete their own comments, leads delete anyone's and everyone resolve", async () => {
    const docName = await newAnalysis();
    const analyst = await open("analyst", docName);
    const lead = await open("lead", docName);

    const own = addComment(analyst.doc, { target, body: "mine" }, author("analyst"));
    await waitFor(async () => expect((await stored(docName)).map((c) => c.id)).toContain(own));
    deleteComment(analyst.doc, own);
    await waitFor(async () => expect((await stored(docName)).map((c) => c.id)).not.toContain(own));

    const leads = await post(docName, "lead", "the lead's");
    await waitFor(() => expect(commentsMap(analyst.doc).has(leads)).toBe(true));
    setCommentResolved(analyst.doc, leads, true, author("analyst"));
    await waitFor(async () =>
      expect((await stored(docName)).find((c) => c.id === leads)?.resolvedBy).toBe(app.users.analyst.id),
    );

    const seconds = await post(docName, SECOND, "the second analyst's");
    const root = await post(docName, "analyst", "a thread");
    const reply = await post(docName, SECOND, "a reply", root);
    await waitFor(() => expect(commentsMap(lead.doc).has(reply)).toBe(true));
    deleteComment(lead.doc, seconds);
    // The root's author deletes the thread, another member's reply with it.
    await waitFor(() => expect(commentsMap(analyst.doc).has(reply)).toBe(true));
    deleteComment(analyst.doc, root);
    await waitFor(async () => {
      const ids = (await stored(docName)).map((c) => c.id);
      expect(ids).toEqual([leads]);
    });
    expect([...analyst.closeCodes, ...lead.closeCodes]).not.toContain(CloseCode.UpdateRefused);
    expect([...analyst.denied, ...lead.denied]).toEqual([]);
  });

  it("reconnects a lead demoted to analyst, who then may no longer delete others' comments", async () => {
    const docName = await newAnalysis();
    const analysisId = parseDocumentName(docName).analysisId;
    await app.store.setMember({ analysisId, userId: app.users[SECOND].id, role: "lead" });
    const victim = await post(docName, "analyst", "the analyst's");
    const demoted = await open(SECOND, docName);
    await app.request("lead", "PUT", `/api/analyses/${analysisId}/members/${app.users[SECOND].id}`, {
      role: "analyst",
    });
    await waitFor(() => expect(demoted.closeCodes).toContain(CloseCode.TryAgainLater));
    await demoted.synced();
    deleteComment(demoted.doc, victim);
    await waitFor(() => expect(demoted.closeCodes).toContain(CloseCode.UpdateRefused));
    expect((await stored(docName)).map((c) => c.id)).toEqual([victim]);
  });

  const attacks: readonly {
    readonly title: string;
    readonly attack: (doc: Y.Doc, victim: string) => void;
  }[] = [
    { title: "deletes another member's comment", attack: (doc, id) => deleteComment(doc, id) },
    {
      title: "rewrites another member's comment",
      attack: (doc, id) => commentsMap(doc).get(id)?.set("body", "I retract everything"),
    },
    {
      title: "replaces another member's comment with a new item under its id",
      attack: (doc, id) => {
        const item = new Y.Map<unknown>();
        doc.transact(() => {
          commentsMap(doc).set(id, item);
          item.set("target", { ...target });
          item.set("body", "I retract everything");
          item.set("author", app.users.lead.id);
          item.set("authorName", app.users.lead.name);
          item.set("createdAt", "2020-01-01T00:00:00.000Z");
          item.set("resolved", false);
        });
      },
    },
    {
      title: "posts a comment in another member's name",
      attack: (doc) => {
        addComment(doc, { target, body: "Approved, ship it" }, author("lead"));
      },
    },
    {
      title: "resolves a thread in another member's name",
      attack: (doc, id) => setCommentResolved(doc, id, true, author("lead")),
    },
    {
      title: "deletes another member's reply",
      attack: (doc, id) => {
        const reply = [...commentsMap(doc).entries()].find(([, c]) => c.get("replyTo") === id);
        if (reply) commentsMap(doc).delete(reply[0]);
      },
    },
  ];

  for (const { title, attack } of attacks) {
    it(`refuses an analyst's update that ${title}, and stores and relays none of it`, async () => {
      const docName = await newAnalysis();
      const victim = await post(docName, "lead", "The raid was ordered locally.");
      await post(docName, SECOND, "I agree", victim);
      const before = await stored(docName);
      const bystander = await open("lead", docName);
      const attacker = await open("analyst", docName);
      await waitFor(() => expect(commentsMap(attacker.doc).size).toBe(2));

      attack(attacker.doc, victim);

      await waitFor(() => expect(attacker.closeCodes).toContain(CloseCode.UpdateRefused));
      expect(attacker.denied.join(" ")).toMatch(/comments\.[\w-]+: /);
      attacker.destroy();
      expect(await stored(docName)).toEqual(before);
      expect(listComments(bystander.doc)).toEqual(before);
    });
  }
});
