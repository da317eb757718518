/**
 * History of analyses in one place: the activity recorder attached to every room, automatic
 * versions, named versions and restore. The app creates one and hands it the rooms; routes call it.
 */
import type * as Y from "yjs";
import type { ActivityInput } from "../../shared/history/activity";
import type { AnalysisDocuments } from "../analyses/AnalysisDocuments";
import { captureVersion } from "../analyses/analysisVersions";
import { type RestoreResult, type RestoreScope, restoreVersion } from "../commands/restoreVersion";
import type { HistoryStore } from "../store/HistoryStore";
import type { StoredVersion, VersionKind, VersionRecord, VersionStore } from "../store/VersionStore";
import type { Logger } from "../sync/logger";
import { ActivityRecorder, type EditAuthor } from "./ActivityRecorder";
import { VersionScheduler } from "./VersionScheduler";

export interface HistoryTimings {
  /** Automatic version after this much activity… (default 10 min) */
  readonly autoMinActivityMs?: number;
  /** …followed by this long a pause (default 2 min). */
  readonly autoPauseMs?: number;
  /** Daily automatic version (default 24 h). */
  readonly autoDailyMs?: number;
  readonly autoTickMs?: number;
}

export interface HistoryOptions extends HistoryTimings {
  readonly store: VersionStore & HistoryStore;
  /** Unfiltered documents (the live rooms): versions and restores see every analyst's ratings. */
  readonly docs: AnalysisDocuments;
  /** Author of a room transaction origin (Room's `editAuthor`). */
  readonly authorOf: (origin: unknown) => EditAuthor | null;
  readonly logger: Logger;
}

export class History {
  readonly recorder: ActivityRecorder;
  readonly scheduler: VersionScheduler;
  private readonly store: VersionStore & HistoryStore;
  private readonly docs: AnalysisDocuments;
  private readonly logger: Logger;
  private writes = new Set<Promise<void>>();

  constructor(options: HistoryOptions) {
    this.store = options.store;
    this.docs = options.docs;
    this.logger = options.logger;
    this.recorder = new ActivityRecorder({
      authorOf: options.authorOf,
      sink: (entries) => this.record(entries),
    });
    this.scheduler = new VersionScheduler({
      logger: options.logger,
      capture: (analysisId, name) => this.saveVersion(analysisId, { name, kind: "auto", createdBy: null }),
      ...(options.autoMinActivityMs !== undefined ? { minActivityMs: options.autoMinActivityMs } : {}),
      ...(options.autoPauseMs !== undefined ? { pauseMs: options.autoPauseMs } : {}),
      ...(options.autoDailyMs !== undefined ? { dailyMs: options.autoDailyMs } : {}),
      ...(options.autoTickMs !== undefined ? { tickMs: options.autoTickMs } : {}),
    });
    this.scheduler.start();
  }

  /** RoomManager hook: record the edits of a room's document. */
  attachRoom(docName: string, doc: Y.Doc): void {
    this.recorder.attach(docName, doc);
  }

  /** Stores entries off the edit path; a failed write is logged, never thrown at the editor. */
  record(entries: readonly ActivityInput[]): void {
    const first = entries[0];
    if (first === undefined) return;
    this.scheduler.noteEdit(first.analysisId);
    const write = this.store.appendActivity(entries).catch((error: Error) => {
      this.logger.warn("activity not recorded", { analysisId: first.analysisId, error: error.message });
    });
    this.writes.add(write);
    void write.finally(() => this.writes.delete(write));
  }

  /** Takes a version now (named, approval or automatic) and notes it in the feed. */
  async saveVersion(
    analysisId: string,
    version: {
      readonly name: string;
      readonly kind: VersionKind;
      readonly createdBy: string | null;
      readonly createdByName?: string | null;
    },
  ): Promise<VersionRecord> {
    const record = await captureVersion(this.docs, this.store, {
      analysisId,
      name: version.name,
      kind: version.kind,
      actor: { userId: version.createdBy ?? "", now: new Date().toISOString() },
      createdBy: version.createdBy,
    });
    this.scheduler.noteVersion(analysisId);
    await this.store.appendActivity([
      {
        analysisId,
        docName: analysisId,
        userId: version.createdBy,
        userName: version.createdByName ?? null,
        at: record.createdAt,
        kind: "version",
        action: "saved",
        target: record.id,
        field: version.kind,
        before: null,
        after: null,
        label: record.name,
        coalesceKey: null,
      },
    ]);
    return record;
  }

  /**
   * Restores a version (see restoreVersion). A real restore first saves the current state as an
   * automatic version, so the restore itself can be undone by restoring that one.
   */
  async restore(
    version: StoredVersion,
    scope: RestoreScope,
    by: { readonly userId: string; readonly userName: string | null; readonly dryRun: boolean },
  ): Promise<RestoreResult & { readonly safetyVersion: VersionRecord | null }> {
    const analysisId = version.record.analysisId;
    const preview = await restoreVersion(this.docs, version, scope, { userId: by.userId, dryRun: true });
    if (by.dryRun || preview.documents.length === 0) return { ...preview, safetyVersion: null };
    const safetyVersion = await this.saveVersion(analysisId, {
      name: `Before restoring "${version.record.name}"`,
      kind: "auto",
      createdBy: by.userId,
      createdByName: by.userName,
    });
    const result = await restoreVersion(this.docs, version, scope, { userId: by.userId });
    await this.store.appendActivity([
      {
        analysisId,
        docName: analysisId,
        userId: by.userId,
        userName: by.userName,
        at: new Date().toISOString(),
        kind: "restore",
        action: "restored",
        target: scope.kind === "analysis" ? version.record.id : scope.id,
        field: scope.kind,
        before: null,
        after: version.record.id,
        label: version.record.name,
        coalesceKey: null,
      },
    ]);
    return { ...result, safetyVersion };
  }

  /** Waits for queued activity writes (tests, shutdown). */
  async flush(): Promise<void> {
    await Promise.all([...this.writes]);
  }

  async close(): Promise<void> {
    this.scheduler.stop();
    await this.flush();
  }
}
