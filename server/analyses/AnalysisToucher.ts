/**
 * Keeps the registry's `updatedAt` (the analyses list's "Updated") in step with persisted edits,
 * writing at most once per `intervalMs` per analysis: the first edit writes at once, edits during
 * the following interval are folded into one write at its end, so typing never hammers the store
 * and the list is never more than one interval behind.
 */
import { AppError } from "../../shared/errors";
import type { DocumentStore } from "../store/DocumentStore";
import type { Logger } from "../sync/logger";

export interface AnalysisToucherOptions {
  readonly store: Pick<DocumentStore, "updateAnalysis">;
  readonly logger: Logger;
  /** Default 10 s. */
  readonly intervalMs?: number;
}

export class AnalysisToucher {
  private readonly intervalMs: number;
  /** Analyses inside their quiet interval → whether an edit arrived during it. */
  private readonly windows = new Map<string, { timer: NodeJS.Timeout; pending: boolean }>();
  private readonly writes = new Set<Promise<void>>();

  constructor(private readonly options: AnalysisToucherOptions) {
    this.intervalMs = options.intervalMs ?? 10_000;
  }

  /** An edit of `analysisId` was persisted. */
  touch(analysisId: string): void {
    const open = this.windows.get(analysisId);
    if (open) {
      open.pending = true;
      return;
    }
    this.write(analysisId);
    this.openWindow(analysisId);
  }

  private openWindow(analysisId: string): void {
    const window = {
      pending: false,
      timer: setTimeout(() => {
        this.windows.delete(analysisId);
        if (window.pending) this.touch(analysisId);
      }, this.intervalMs),
    };
    window.timer.unref();
    this.windows.set(analysisId, window);
  }

  private write(analysisId: string): void {
    const write = this.options.store.updateAnalysis(analysisId, {}).catch((error: unknown) => {
      // Documents without a registry row (tests, half-created analyses) have nothing to touch.
      if (error instanceof AppError && error.code === "not_found") return;
      this.options.logger.warn("could not update the analysis's updatedAt", {
        analysisId,
        error: (error as Error).message,
      });
    });
    this.writes.add(write);
    void write.finally(() => this.writes.delete(write));
  }

  /** Writes what is pending now and stops the timers (server shutdown, before the store closes). */
  async close(): Promise<void> {
    for (const [analysisId, window] of this.windows) {
      clearTimeout(window.timer);
      if (window.pending) this.write(analysisId);
    }
    this.windows.clear();
    await Promise.all([...this.writes]);
  }
}
