/**
 * Copies one store into another (e.g. the single-instance SQLite file into PostgreSQL before going
 * multi-instance): analyses with their documents, settings, and accounts when both stores hold them.
 *
 * Each document's full state (snapshot + log) is written as one update in the analysis' creation
 * transaction, then read back and compared byte for byte, so a migration that returns has lost nothing.
 * Sessions are not copied (users sign in again); API tokens and memberships are, in join order;
 * versions, the activity feed (ids renumbered, in order; folded counts kept) and attachments are too.
 */
import * as Y from "yjs";
import { parseDocumentName } from "../../shared/documentNames";
import type { ActivityEntry } from "../../shared/history/activity";
import { readAllBytes } from "./AttachmentStore";
import type { DocumentStore } from "./DocumentStore";
import type { Store } from "./Store";

/** Settings an instance keeps (sample created once, access version for live permission checks). */
export const MIGRATED_SETTINGS: readonly string[] = ["sample-created", "access-version"];

export interface MigrationReport {
  readonly analyses: number;
  readonly documents: number;
  readonly settings: number;
  readonly users: number;
  readonly tokens: number;
  readonly memberships: number;
  readonly versions: number;
  readonly activity: number;
  readonly attachments: number;
}

/** Page size when reading the activity feed. */
const ACTIVITY_PAGE = 500;

async function fullState(store: DocumentStore, name: string): Promise<Uint8Array> {
  const doc = new Y.Doc();
  try {
    const stored = await store.loadDocument(name);
    doc.transact(() => {
      for (const update of stored.updates) Y.applyUpdate(doc, update);
    });
    return Y.encodeStateAsUpdate(doc);
  } finally {
    doc.destroy();
  }
}

const sameBytes = (a: Uint8Array, b: Uint8Array): boolean => Buffer.from(a).equals(Buffer.from(b));

/** Copies `from` into the empty store `to`; refuses a target that already holds analyses or documents. */
export async function migrateStore(
  from: Store,
  to: Store,
  log: (line: string) => void = () => undefined,
): Promise<MigrationReport> {
  if ((await to.listAnalyses()).length > 0 || (await to.listDocuments("")).length > 0) {
    throw new Error("the target store is not empty; migrate into a new database (or schema)");
  }
  const analyses = await from.listAnalyses();
  const documents = await from.listDocuments("");
  const byAnalysis = new Map<string, string[]>();
  for (const name of documents) {
    const { analysisId } = parseDocumentName(name);
    byAnalysis.set(analysisId, [...(byAnalysis.get(analysisId) ?? []), name]);
  }

  // Users first: memberships reference them.
  const users = await from.listUsers();
  let tokens = 0;
  for (const user of users) {
    await to.createUser(user);
    for (const token of await from.listTokens(user.id)) {
      await to.createToken(token);
      tokens += 1;
    }
  }
  log(`copied ${users.length} users and ${tokens} API tokens`);

  // Oldest first, so the registry keeps its order.
  for (const record of [...analyses].reverse()) {
    const names = byAnalysis.get(record.id) ?? [];
    byAnalysis.delete(record.id);
    const states = new Map<string, Uint8Array>();
    for (const name of names) states.set(name, await fullState(from, name));
    await to.createAnalysis(record, states, { userId: record.createdBy });
    log(`copied analysis ${record.id} "${record.title}" (${names.length} documents)`);
  }
  // Documents of no registered analysis are copied too: nothing is left behind.
  for (const names of byAnalysis.values()) {
    for (const name of names) await to.appendUpdate(name, await fullState(from, name), { userId: null });
  }

  let memberships = 0;
  for (const record of analyses) {
    for (const member of await from.listMembers(record.id)) {
      await to.setMember(member);
      memberships += 1;
    }
  }
  log(`copied ${memberships} memberships`);

  let versions = 0;
  for (const record of analyses) {
    for (const version of [...(await from.listVersions(record.id))].reverse()) {
      const stored = await from.getVersion(version.id);
      if (stored === null) continue;
      await to.saveVersion(stored.record, stored.documents);
      versions += 1;
    }
  }
  log(`copied ${versions} versions`);

  let activity = 0;
  for (const record of analyses) {
    const entries: ActivityEntry[] = [];
    for (;;) {
      const beforeId = entries[entries.length - 1]?.id;
      const page = await from.listActivity(record.id, {
        limit: ACTIVITY_PAGE,
        ...(beforeId === undefined ? {} : { beforeId }),
      });
      entries.push(...page);
      if (page.length < ACTIVITY_PAGE) break;
    }
    await to.importActivity(entries.reverse());
    activity += entries.length;
  }
  log(`copied ${activity} activity entries`);

  let attachments = 0;
  for (const record of analyses) {
    for (const attachment of await from.listAttachments(record.id)) {
      const chunks = await from.readAttachment(record.id, attachment.id);
      if (chunks === null) continue;
      // The source held them all, so the target's total limit must not refuse any.
      await to.saveAttachment(attachment, await readAllBytes(chunks), Number.MAX_SAFE_INTEGER);
      attachments += 1;
    }
  }
  log(`copied ${attachments} attachments`);

  let settings = 0;
  for (const key of MIGRATED_SETTINGS) {
    const value = await from.getSetting(key);
    if (value === null) continue;
    await to.setSetting(key, value);
    settings += 1;
  }

  for (const name of documents) {
    if (!sameBytes(await fullState(from, name), await fullState(to, name))) {
      throw new Error(`document ${name} differs after copying; the target is incomplete`);
    }
  }
  log(`verified ${documents.length} documents`);
  return {
    analyses: analyses.length,
    documents: documents.length,
    settings,
    users: users.length,
    tokens,
    memberships,
    versions,
    activity,
    attachments,
  };
}
