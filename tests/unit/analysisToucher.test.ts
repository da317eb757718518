import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { AnalysisToucher } from "../../server/analyses/AnalysisToucher";
import { silentLogger } from "../../server/sync/logger";

describe("the analyses list's Updated time", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("is written at the first edit, then at most once per 10 s per analysis, the last edit included", async () => {
    const writes: string[] = [];
    const toucher = new AnalysisToucher({
      store: { updateAnalysis: async (id) => void writes.push(id) },
      logger: silentLogger,
    });
    toucher.touch("a");
    toucher.touch("b");
    for (let i = 0; i < 50; i++) {
      vi.advanceTimersByTime(100);
      toucher.touch("a");
    }
    expect(writes).toEqual(["a", "b"]);
    vi.advanceTimersByTime(5_000);
    // 10 s after the first write, the edits since are folded into one.
    expect(writes).toEqual(["a", "b", "a"]);
    vi.advanceTimersByTime(20_000);
    expect(writes).toEqual(["a", "b", "a"]);
    toucher.touch("a");
    expect(writes).toEqual(["a", "b", "a", "a"]);
    await toucher.close();
  });

  it("writes a pending edit when the server stops", async () => {
    const writes: string[] = [];
    const toucher = new AnalysisToucher({
      store: { updateAnalysis: async (id) => void writes.push(id) },
      logger: silentLogger,
    });
    toucher.touch("a");
    toucher.touch("a");
    await toucher.close();
    expect(writes).toEqual(["a", "a"]);
  });
});
