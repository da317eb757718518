/**
 * Deleting a source erases its captured text: once the deletion is committed, the text document
 * `<id>/source/<sourceId>` is emptied by a server edit. Without this the text stayed stored, and any
 * analyst who put an entry with the same id back over sync (ids show in versions and the feed) got
 * the deleted text back for everyone. Versions hold their own copies, so a lead's restore still
 * brings the text back (restore rewrites it); an undo of the deletion brings back the entry only,
 * with an empty text (and a restore within a moment of the deletion may see its text emptied after
 * it: restoring again brings it back). An emptied text is a deletion like any other CRDT edit: it reaches the other
 * instances and clients as such, and the document is compacted at once so its bytes leave the store.
 */
import {
  parseDocumentName,
  SOURCE_TEXT_PART,
  sourceDocName,
  sourceDocPrefix,
} from "../../shared/documentNames";
import { sourcesMap } from "../../shared/schema/sources";
import type { DocumentStore } from "../store/DocumentStore";
import type { SyncExtension } from "../sync/hooks";
import type { Logger } from "../sync/logger";
import type { RoomManager } from "../sync/RoomManager";

export interface DeletedSourceTextsOptions {
  readonly rooms: Pick<RoomManager, "transact" | "compact">;
  readonly store: Pick<DocumentStore, "listDocuments">;
  readonly logger: Logger;
}

/** The sync extension: notes sources deleted by edits of this instance, erases their texts once committed. */
export function deletedSourceTexts({ rooms, store, logger }: DeletedSourceTextsOptions): SyncExtension {
  /**
   * Per analysis, sources whose deletion this instance applied and whose text is not yet erased,
   * with who deleted them: the erasure is their edit (the feed names them).
   */
  const deleted = new Map<string, Map<string, string | null>>();

  async function erase(analysisId: string, ids: ReadonlyMap<string, string | null>): Promise<void> {
    // Only stored texts: emptying one nobody ever wrote would create it.
    const stored = new Set(await store.listDocuments(sourceDocPrefix(analysisId)));
    // Also when an entry with the id is already back: an analyst can put it back within the
    // debounce, and an undo looks no different. A restore brings the version's text with it.
    for (const [id, userId] of ids) {
      const name = sourceDocName(analysisId, id);
      if (!stored.has(name)) continue;
      await rooms.transact(
        name,
        (doc) => {
          const text = doc.getXmlFragment(SOURCE_TEXT_PART);
          if (text.length > 0) text.delete(0, text.length);
        },
        { userId },
      );
      // The emptied text is gone from the live document; compacting drops it from the store too.
      rooms.compact(name);
    }
  }

  return {
    name: "deleted-source-texts",
    load: (room) => {
      const name = parseDocumentName(room.name);
      if (name.kind !== "content") return;
      sourcesMap(room.doc).observe((event, tr) => {
        // Loads and other instances' updates: the instance that committed the deletion erases.
        const author = room.authorOf(tr);
        if (author === null) return;
        for (const [id, change] of event.changes.keys) {
          if (change.action !== "delete") continue;
          const ids = deleted.get(name.analysisId) ?? new Map<string, string | null>();
          ids.set(id, author.userId);
          deleted.set(name.analysisId, ids);
        }
      });
    },
    changed: (docName) => {
      const name = parseDocumentName(docName);
      const ids = name.kind === "content" ? deleted.get(name.analysisId) : undefined;
      if (ids === undefined) return;
      deleted.delete(name.analysisId);
      erase(name.analysisId, ids).catch((error: unknown) => {
        logger.error("could not erase deleted sources' texts", {
          analysisId: name.analysisId,
          error: (error as Error).message,
        });
      });
    },
  };
}
