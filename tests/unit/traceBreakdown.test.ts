import { describe, expect, it } from "vitest";
import { mainThreadBreakdown, partOf, type TraceEvent } from "../../bench/lib/traceBreakdown";

const x = (name: string, ts: number, dur: number, tid = 1): TraceEvent => ({
  name,
  ph: "X",
  pid: 1,
  tid,
  ts,
  dur,
});
const MAIN: TraceEvent = {
  name: "thread_name",
  ph: "M",
  pid: 1,
  tid: 1,
  ts: 0,
  args: { name: "CrRendererMain" },
};

describe("trace breakdown of the renderer main thread", () => {
  it("names the part each timeline and Blink event belongs to", () => {
    expect(partOf("FunctionCall")).toBe("script");
    expect(partOf("UpdateLayoutTree")).toBe("style");
    expect(partOf("Document::recalcStyle")).toBe("style");
    expect(partOf("Layout")).toBe("layout");
    expect(partOf("LocalFrameView::performLayout")).toBe("layout");
    expect(partOf("Paint")).toBe("paint");
    expect(partOf("Layerize")).toBe("paint");
    expect(partOf("MinorGC")).toBe("gc");
    expect(partOf("RunTask")).toBe("other");
  });

  it("counts each event's self time (its children's taken off), on the main thread only, per frame", () => {
    const events = [
      MAIN,
      x("RunTask", 0, 10_000),
      x("FireAnimationFrame", 1_000, 4_000),
      x("FunctionCall", 1_500, 3_000),
      x("UpdateLayoutTree", 2_000, 1_000),
      x("Layout", 6_000, 2_000),
      x("Paint", 8_500, 1_000),
      x("FunctionCall", 0, 50_000, 2),
    ];
    const { frames, ms } = mainThreadBreakdown(events);
    expect(frames).toBe(1);
    // RunTask 10 − 4 − 2 − 1 = 3 other; FireAnimationFrame 4 − 3 = 1 and FunctionCall 3 − 1 = 2 script.
    expect(ms).toEqual({ script: 3, style: 1, layout: 2, paint: 1, gc: 0, other: 3 });
  });
});
