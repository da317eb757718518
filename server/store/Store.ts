/**
 * The server's storage: five ports (documents, accounts, versions, activity, attachments) that every store
 * implements together, over SQLite or PostgreSQL (`sql/`). Code that needs one concern takes its
 * port; the app, the admin CLI and store migration take the whole store.
 */
import type { AccountStore } from "./AccountStore";
import type { ActivityStore } from "./ActivityStore";
import type { AttachmentStore } from "./AttachmentStore";
import type { DocumentStore } from "./DocumentStore";
import type { VersionStore } from "./VersionStore";

export interface Store extends DocumentStore, AccountStore, VersionStore, ActivityStore, AttachmentStore {
  /** Commits queued writes, then releases the store; later calls reject with `store_unavailable`. */
  close(): Promise<void>;
}
