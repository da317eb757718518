import { describe, expect, it } from "vitest";
import { TokenBucket } from "../../shared/tokenBucket";

describe("TokenBucket", () => {
  it("allows a burst, then refuses until time refills it at the given rate", () => {
    const bucket = new TokenBucket(10, 3, 0);
    expect([bucket.take(0), bucket.take(0), bucket.take(0), bucket.take(0)]).toEqual([
      true,
      true,
      true,
      false,
    ]);
    expect(bucket.take(50)).toBe(false);
    expect(bucket.take(100)).toBe(true);
    expect(bucket.take(100)).toBe(false);
  });

  it("never holds more than its burst, however long it was idle", () => {
    const bucket = new TokenBucket(10, 2, 0);
    const taken = Array.from({ length: 4 }, () => bucket.take(60_000));
    expect(taken).toEqual([true, true, false, false]);
  });
});
