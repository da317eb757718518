/**
 * Pieces for REST tests that mount routers on a bare express app: documents read and written
 * straight through a store (no rooms, no sockets) and an app listening on a free port.
 */
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import * as Y from "yjs";
import { type AnalysisDocuments, inspectCopy } from "../../../server/analyses/AnalysisDocuments";
import { memberAccess } from "../../../server/auth/analysisAccess";
import { bindPrincipal } from "../../../server/auth/httpAuth";
import type { DocumentStore } from "../../../server/store/DocumentStore";
import { foldUpdates } from "../../../server/workers/foldUpdates";
import type { Role } from "../../../shared/accounts";

export function storeDocuments(store: DocumentStore): AnalysisDocuments {
  const readDocument = async (name: string): Promise<Y.Doc> => {
    const doc = new Y.Doc();
    for (const u of (await store.loadDocument(name)).updates) Y.applyUpdate(doc, u);
    return doc;
  };
  return {
    readDocument,
    inspect: (name, read) => inspectCopy(readDocument, name, read),
    readState: async (name) => foldUpdates((await store.loadDocument(name)).updates),
    readUpdates: async (name) => (await store.loadDocument(name)).updates,
    async transact(name, fn, meta) {
      const doc = await readDocument(name);
      try {
        const before = Y.encodeStateVector(doc);
        fn(doc);
        await store.appendUpdate(name, Y.encodeStateAsUpdate(doc, before), meta);
      } finally {
        doc.destroy();
      }
    },
    // Written straight to the store: never behind it.
    catchUp: async () => true,
    listDocuments: (prefix) => store.listDocuments(prefix),
  };
}

/** Listens on a free loopback port; `base` is its http URL. */
export async function listen(app: express.Express): Promise<{ base: string; close(): Promise<void> }> {
  const server: Server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * Stands in for sign-in and membership in front of bare routers: every request is signed in as its
 * `x-ach-user` header (or `defaultUser`) and is a member of any analysis with `roleOf(userId)`.
 */
export function headerCaller(
  defaultUser: string,
  roleOf: (userId: string) => Role = () => "lead",
): express.Router {
  const router = express.Router();
  const userIdOf = (req: express.Request): string => req.get("x-ach-user") ?? defaultUser;
  router.use((req, _res, next) => {
    const id = userIdOf(req);
    const user = { id, name: id, passwordHash: null, admin: false, disabled: false, createdAt: "" };
    bindPrincipal(req, { user, credential: { kind: "token", hash: "" } });
    next();
  });
  router.use(
    "/api/analyses/:id",
    memberAccess(async (req) => ({ userId: userIdOf(req), role: roleOf(userIdOf(req)) })),
  );
  return router;
}
