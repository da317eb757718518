/**
 * The renderer main thread's time in a Chromium trace, split into what a frame spends it on:
 * script (JS and the DOM calls it makes, React's render and commit), style recalc, layout,
 * pre-paint / paint / layerize / commit, GC, and the rest. Trace events nest (a FunctionCall
 * inside an EventDispatch inside a RunTask), so each event counts its SELF time only: its
 * duration less that of the events it contains. Pure, for `npm run bench -- client --trace`.
 */

export interface TraceEvent {
  readonly name: string;
  readonly ph: string;
  readonly pid: number;
  readonly tid: number;
  readonly ts: number;
  readonly dur?: number;
  readonly args?: { readonly name?: string };
}

export const TRACE_PARTS = ["script", "style", "layout", "paint", "gc", "other"] as const;
export type TracePart = (typeof TRACE_PARTS)[number];

export interface TraceBreakdown {
  /** Animation frames run (FireAnimationFrame events: the scroll loop's steps). */
  readonly frames: number;
  /** Self time in ms by part, over the whole trace. */
  readonly ms: Readonly<Record<TracePart, number>>;
}

// Blink's own (category "blink") and the timeline's names for the same phases.
const STYLE = /UpdateLayoutTree|recalcStyle|updateStyle|rebuildLayoutTree|StyleInvalidat|ForcedStyle/;
const LAYOUT = /^Layout$|performLayout|LocalFrameView::layout|ShapeText|InlineNode/;
const PAINT = /Paint|CullRect|CompositingInputs|Layerize|UpdateLayer|[Cc]ommit|ScrollLayer/;
const GC = /GC/;
const SCRIPT =
  /FunctionCall|EventDispatch|EvaluateScript|Microtask|AnimationFrame|TimerFire|IdleCallback|SerializedScriptValue|^v8|^V8/;

/** The part an event's self time belongs to. */
export function partOf(name: string): TracePart {
  if (GC.test(name)) return "gc";
  if (STYLE.test(name)) return "style";
  if (LAYOUT.test(name)) return "layout";
  if (PAINT.test(name)) return "paint";
  if (SCRIPT.test(name)) return "script";
  return "other";
}

/** Self time by part on the thread named CrRendererMain (complete "X" events only). */
export function mainThreadBreakdown(events: readonly TraceEvent[]): TraceBreakdown {
  const ms: Record<TracePart, number> = { script: 0, style: 0, layout: 0, paint: 0, gc: 0, other: 0 };
  const main = events.find((e) => e.name === "thread_name" && e.args?.name === "CrRendererMain");
  if (!main) return { frames: 0, ms };
  const spans = events
    .filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === "X" && e.dur !== undefined)
    .sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  // Open spans, outermost first; each child's duration is taken off its innermost enclosing span.
  const open: { readonly end: number; readonly part: TracePart; self: number }[] = [];
  let frames = 0;
  const close = (upTo: number): void => {
    for (let top = open.at(-1); top && top.end <= upTo; top = open.at(-1)) {
      open.pop();
      ms[top.part] += Math.max(0, top.self) / 1_000;
    }
  };
  for (const e of spans) {
    const dur = e.dur ?? 0;
    if (e.name === "FireAnimationFrame") frames++;
    close(e.ts);
    const parent = open.at(-1);
    if (parent) parent.self -= dur;
    open.push({ end: e.ts + dur, part: partOf(e.name), self: dur });
  }
  close(Number.POSITIVE_INFINITY);
  return { frames, ms };
}
