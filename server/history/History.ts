/**
 * History of analyses in one place: the activity recorder attached to every room (a sync
 * extension: its entries are stored with the edit's update, in the same store transaction),
 * automatic versions, named versions and restore. The app creates one and registers its
 * extension on the rooms; routes call it.
 */
import type { ActivityInput } from "../../shared/history/activity";
import type { AnalysisDocuments } from "../analyses/AnalysisDocuments";
import { captureVersion } from "../analyses/analysisVersions";
import {
  applyRestore,
  awaitRestoreBases,
  type RestorePlan,
  type RestoreScope,
} from "../commands/restoreVersion";
import type { ActivityStore } from "../store/ActivityStore";
import type { StoredVersion, VersionKind, VersionRecord, VersionStore } from "../store/VersionStore";
import type { SyncExtension } from "../sync/hooks";
import type { Logger } from "../sync/logger";
import { ActivityRecorder } from "./ActivityRecorder";
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
  readonly store: VersionStore & ActivityStore;
  /** Unfiltered documents (the live rooms): versions and restores see every analyst's ratings. */
  readonly docs: AnalysisDocuments;
  readonly logger: Logger;
}

export class History {
  readonly recorder: ActivityRecorder;
  readonly scheduler: VersionScheduler;
  private readonly store: VersionStore & ActivityStore;
  private readonly docs: AnalysisDocuments;

  constructor(options: HistoryOptions) {
    this.store = options.store;
    this.docs = options.docs;
    this.recorder = new ActivityRecorder();
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

  /** The sync extension: records each room's edits, handed to the store with their update. */
  extension(): SyncExtension {
    return {
      name: "history",
      load: (room) => this.recorder.attach(room),
      activity: (_room, transaction) => {
        const entries = this.recorder.take(transaction);
        const first: ActivityInput | undefined = entries[0];
        if (first !== undefined) this.scheduler.noteEdit(first.analysisId);
        return entries;
      },
    };
  }

  /** Records entries of an action outside the documents (e.g. an attachment), counting as activity. */
  async record(entries: readonly ActivityInput[]): Promise<void> {
    const first = entries[0];
    if (first === undefined) return;
    this.scheduler.noteEdit(first.analysisId);
    await this.store.appendActivity(entries);
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
   * Restores a version (see restoreVersion): `plan` computes it off the sync thread from the
   * documents' committed states; with changes and not `dryRun`, the current state is first saved
   * as an automatic version (so the restore itself can be undone by restoring that one), then the
   * plan's updates are applied to the live documents as `by`'s edits.
   */
  async restore(
    version: StoredVersion,
    scope: RestoreScope,
    by: { readonly userId: string; readonly userName: string | null; readonly dryRun: boolean },
    plan: () => Promise<RestorePlan>,
  ): Promise<RestorePlan & { readonly safetyVersion: VersionRecord | null }> {
    const analysisId = version.record.analysisId;
    const planned = await plan();
    if (by.dryRun || planned.documents.length === 0) return { ...planned, safetyVersion: null };
    await awaitRestoreBases(this.docs, planned.bases);
    const safetyVersion = await this.saveVersion(analysisId, {
      name: `Before restoring "${version.record.name}"`,
      kind: "auto",
      createdBy: by.userId,
      createdByName: by.userName,
    });
    await applyRestore(this.docs, planned.updates, by.userId);
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
    return { ...planned, safetyVersion };
  }

  async close(): Promise<void> {
    this.scheduler.stop();
  }
}
