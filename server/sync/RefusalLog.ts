/**
 * Refused sync connections, summarised: one log line per window with the count per reason, so a
 * flood of refused connects costs one line a minute instead of one line per connect.
 */
import type { Logger } from "./logger";

/** Distinct reasons kept per window; any further reason is counted under "other". */
const MAX_REASONS = 20;

export class RefusalLog {
  private readonly counts = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly logger: Logger,
    private readonly windowMs = 60_000,
  ) {}

  /** Counts one refusal; the window's summary is logged when the window ends. */
  note(reason: string): void {
    const key = this.counts.has(reason) || this.counts.size < MAX_REASONS ? reason : "other";
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    if (this.timer !== undefined) return;
    this.timer = setTimeout(() => this.flush(), this.windowMs);
    this.timer.unref();
  }

  /** Logs what was counted since the last summary (also on shutdown). */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.counts.size === 0) return;
    let total = 0;
    for (const n of this.counts.values()) total += n;
    this.logger.warn("refused sync connections", {
      total,
      byReason: Object.fromEntries(this.counts),
      windowSeconds: Math.round(this.windowMs / 1000),
    });
    this.counts.clear();
  }
}
