/**
 * Automatic versions, taken inside the server process:
 * - after a work session: edits spanning at least `minActivityMs` (from the first edit after the
 *   last version to the latest edit) followed by `pauseMs` without edits;
 * - daily: when an analysis was edited and has had no version for `dailyMs`.
 * The state is in memory: after a restart the first edit starts a new window (the daily rule still
 * catches anything a restart interrupted). Timings are options so tests run in milliseconds.
 */
import type { Logger } from "../sync/logger";

export interface VersionSchedulerOptions {
  /** Saves an automatic version of the analysis. */
  readonly capture: (analysisId: string, name: string) => Promise<unknown>;
  readonly logger: Logger;
  /** Default 10 minutes. */
  readonly minActivityMs?: number;
  /** Default 2 minutes. */
  readonly pauseMs?: number;
  /** Default 24 hours. */
  readonly dailyMs?: number;
  /** How often the rules are checked (default: a quarter of `pauseMs`, at most 30 s). */
  readonly tickMs?: number;
  readonly now?: () => number;
}

interface Window {
  /** First edit since the last version, or null when nothing changed since. */
  start: number | null;
  lastEdit: number;
  lastVersion: number;
  capturing: boolean;
}

export class VersionScheduler {
  private readonly windows = new Map<string, Window>();
  private readonly minActivityMs: number;
  private readonly pauseMs: number;
  private readonly dailyMs: number;
  private readonly now: () => number;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: VersionSchedulerOptions) {
    this.minActivityMs = options.minActivityMs ?? 10 * 60_000;
    this.pauseMs = options.pauseMs ?? 2 * 60_000;
    this.dailyMs = options.dailyMs ?? 24 * 3_600_000;
    this.now = options.now ?? Date.now;
  }

  start(): void {
    if (this.timer !== undefined) return;
    const tickMs = this.options.tickMs ?? Math.min(Math.max(Math.floor(this.pauseMs / 4), 1), 30_000);
    this.timer = setInterval(() => this.tick(), tickMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** An authored edit was applied to one of the analysis's documents. */
  noteEdit(analysisId: string): void {
    const now = this.now();
    const window = this.windows.get(analysisId);
    if (window === undefined) {
      this.windows.set(analysisId, { start: now, lastEdit: now, lastVersion: now, capturing: false });
      return;
    }
    window.start ??= now;
    window.lastEdit = now;
  }

  /** Any version (named, approval, before a restore) restarts the windows: it already records the state. */
  noteVersion(analysisId: string): void {
    const window = this.windows.get(analysisId);
    if (window === undefined) return;
    window.start = null;
    window.lastVersion = this.now();
  }

  /** Checks every analysis once (the timer calls it; tests may too). */
  tick(): void {
    const now = this.now();
    for (const [analysisId, window] of this.windows) {
      if (window.capturing) continue;
      if (window.start === null) {
        if (now - window.lastVersion > this.dailyMs) this.windows.delete(analysisId);
        continue;
      }
      const session =
        window.lastEdit - window.start >= this.minActivityMs && now - window.lastEdit >= this.pauseMs;
      const daily = now - window.lastVersion >= this.dailyMs;
      if (session || daily) void this.capture(analysisId, window, session ? "Work session" : "Daily version");
    }
  }

  private async capture(analysisId: string, window: Window, name: string): Promise<void> {
    window.capturing = true;
    const startedAt = this.now();
    try {
      await this.options.capture(analysisId, name);
      // Edits made while capturing belong to the next window.
      if (window.lastEdit <= startedAt) window.start = null;
      else window.start = window.lastEdit;
      window.lastVersion = startedAt;
    } catch (error) {
      this.options.logger.warn("automatic version failed", { analysisId, error: (error as Error).message });
    } finally {
      window.capturing = false;
    }
  }
}
