/**
 * Limits on saving named versions, each a full copy of the analysis's documents: a per-user rate
 * (a token bucket) and a cap on named versions kept per analysis. Approvals and automatic versions
 * are not counted: approvals must never be refused or pruned, automatic ones have their own cadence.
 */
import { AppError } from "../../shared/errors";
import { TokenBucket } from "../../shared/tokenBucket";
import type { VersionRecord } from "../store/VersionStore";

export interface VersionLimitOptions {
  /** Named versions one user may save in a burst (default 5)… */
  readonly burst?: number;
  /** …refilled at this many per minute (default 6). */
  readonly perMinute?: number;
  /** Named versions one analysis keeps (default 100); beyond it 409 `limit_reached`. */
  readonly maxNamedPerAnalysis?: number;
}

/** Users with a bucket before the full ones are forgotten (a full bucket is the same as none). */
const BUCKETS_KEPT = 10_000;

export class VersionLimits {
  private readonly buckets = new Map<string, TokenBucket>();
  private readonly burst: number;
  private readonly perSecond: number;
  readonly maxNamedPerAnalysis: number;

  constructor(options: VersionLimitOptions = {}) {
    this.burst = options.burst ?? 5;
    this.perSecond = (options.perMinute ?? 6) / 60;
    this.maxNamedPerAnalysis = options.maxNamedPerAnalysis ?? 100;
  }

  /** Takes one save of `userId`'s; throws 429 `rate_limited` (with Retry-After) when they save too fast. */
  takeSave(userId: string, now: number = Date.now()): void {
    let bucket = this.buckets.get(userId);
    if (!bucket) {
      if (this.buckets.size >= BUCKETS_KEPT) this.forgetFull(now);
      bucket = new TokenBucket(this.perSecond, this.burst, now);
      this.buckets.set(userId, bucket);
    }
    if (!bucket.take(now)) {
      const seconds = Math.max(1, Math.ceil(bucket.waitMs(now) / 1000));
      throw new AppError(
        "rate_limited",
        `you are saving versions too fast; try again in ${seconds} s`,
        seconds,
      );
    }
  }

  /** Throws 409 `limit_reached` when the analysis already keeps the most named versions it may. */
  checkRoom(versions: readonly VersionRecord[]): void {
    const named = versions.filter((v) => v.kind === "named").length;
    if (named >= this.maxNamedPerAnalysis) {
      throw new AppError(
        "limit_reached",
        `this analysis already keeps ${this.maxNamedPerAnalysis} saved versions, the most it may; compare with one of them instead`,
      );
    }
  }

  private forgetFull(now: number): void {
    for (const [userId, bucket] of this.buckets) if (bucket.isFull(now)) this.buckets.delete(userId);
  }
}
