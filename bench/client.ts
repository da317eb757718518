/**
 * Matrix editor in a real browser: 1 000 rows × 20 hypotheses × 5 analysts (plus me) in headless
 * Chromium. Measures time to the first full paint of the matrix after navigation (cells, others'
 * ratings and scores shown), keypress-to-repaint when rating a cell (the cell and its column's score
 * both changed, up to the next animation frame), scroll frame times, and the JS heap after GC.
 * Usage: npm run bench -- client [--keys 60] [--trace scroll-trace.json]
 */
import { writeFile } from "node:fs/promises";
import type { Page } from "playwright-core";
import { launchBrowser, openAs } from "../tests/e2e/helpers/browser";
import { startServer } from "../tests/e2e/helpers/server";
import { syntheticInput } from "../tests/fixtures/exportFixtures";
import { percentile } from "./lib/percentiles";
import { mainThreadBreakdown, TRACE_PARTS, type TraceBreakdown, type TraceEvent } from "./lib/traceBreakdown";

/** Percentile `q` (0–100) of unsorted samples; 0 when there are none. */
const pct = (xs: readonly number[], q: number): number => percentile(Float64Array.from(xs).sort(), q) ?? 0;

const ROWS = 1_000;
const HYPOTHESES = 20;
const ANALYSTS = 5;
/** Issue 16: the grid (cells and hypothesis scores) within 600 ms of navigation, cold or warm. */
const TARGET_GRID_MS = 600;
/** The full matrix with the team's ratings: 1.5 s on a first visit, 800 ms with a local copy. */
const TARGET_TEAM_COLD_MS = 1_500;
const TARGET_TEAM_WARM_MS = 800;
const TARGET_KEY_P95_MS = 50;

const fmt = (n: number): string => n.toFixed(1).padStart(8);

/** Trace events the summary names (inclusive time on the renderer main thread). */
const TRACE_EVENTS = [
  "RunTask",
  "FunctionCall",
  "TimerFire",
  "FireAnimationFrame",
  "UpdateLayoutTree",
  "Layout",
  "PrePaint",
  "Paint",
  "Layerize",
  "UpdateLayer",
  "Commit",
  "HitTest",
  "MajorGC",
  "MinorGC",
];

interface TraceSummary {
  /** Inclusive ms by event name (TRACE_EVENTS). */
  readonly events: [string, number][];
  readonly breakdown: TraceBreakdown;
}

/** Scrolls for five seconds under Chromium's timeline tracer; saves the trace and sums it. */
async function traceScroll(page: Page, file: string): Promise<TraceSummary | null> {
  const browser = page.context().browser();
  if (!browser) return null;
  await browser.startTracing(page, {
    categories: ["devtools.timeline", "disabled-by-default-devtools.timeline", "v8.execute", "blink", "cc"],
  });
  await page.evaluate(async () => {
    const el = document.querySelector(".grid-scroll") as HTMLElement;
    const end = performance.now() + 5_000;
    while (performance.now() < end) {
      el.scrollTop = el.scrollTop + el.clientHeight >= el.scrollHeight - 1 ? 0 : el.scrollTop + 300;
      await new Promise((r) => requestAnimationFrame(r));
    }
  });
  const buffer = await browser.stopTracing();
  await writeFile(file, buffer);
  const { traceEvents } = JSON.parse(buffer.toString()) as { traceEvents: TraceEvent[] };
  const main = traceEvents.find((e) => e.name === "thread_name" && e.args?.name === "CrRendererMain");
  const totals = new Map<string, number>();
  for (const e of traceEvents) {
    if (!main || e.pid !== main.pid || e.tid !== main.tid || e.ph !== "X" || !TRACE_EVENTS.includes(e.name))
      continue;
    totals.set(e.name, (totals.get(e.name) ?? 0) + (e.dur ?? 0) / 1_000);
  }
  return {
    events: TRACE_EVENTS.filter((n) => totals.has(n)).map((n) => [n, totals.get(n) ?? 0]),
    breakdown: mainThreadBreakdown(traceEvents),
  };
}

export async function main(args: string[]): Promise<void> {
  const keysArg = args.indexOf("--keys");
  const keys = keysArg >= 0 ? Math.max(5, Number(args[keysArg + 1]) || 60) : 60;
  const server = await startServer();
  const browser = await launchBrowser();
  try {
    const body = syntheticInput(ROWS, HYPOTHESES, ANALYSTS);
    const created = await server.api("/api/analyses", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    if (created.status !== 201) throw new Error(`create failed: ${created.status} ${await created.text()}`);
    const { id } = (await created.json()) as { id: string };
    const { context, page } = await openAs(browser, server.baseUrl, "Bench Analyst");
    const joined = await server.api(`/api/analyses/${id}/members`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "Bench Analyst", role: "analyst" }),
    });
    if (joined.status !== 201 && joined.status !== 409) throw new Error(`join failed: ${joined.status}`);
    // Counts the WebSockets each visit opens (every page load starts the count afresh).
    await page.addInitScript(() => {
      const w = window as unknown as { __sockets: string[] };
      w.__sockets = [];
      const Native = window.WebSocket;
      window.WebSocket = class extends Native {
        constructor(url: string | URL, protocols?: string | string[]) {
          super(url, protocols);
          w.__sockets.push(String(url));
        }
      };
    });

    // Two visits: cold (empty IndexedDB) and warm (a returning user's local copy). Each reports when the
    // grid first shows rows with scores, and when the team's ratings have arrived (the full matrix).
    const firstPaint = async (): Promise<{ grid: number; full: number; sockets: number }> => {
      await page.goto(`/a/${id}`);
      await page.waitForFunction(
        () =>
          document.querySelector('[data-testid="cell-e1-h1"]') !== null &&
          /#\d/.test(document.querySelector('[data-testid="hyp-score-h1"]')?.textContent ?? ""),
        undefined,
        { polling: "raf", timeout: 60_000 },
      );
      const grid = await page.evaluate(() => performance.now());
      await page.waitForFunction(
        () =>
          document.querySelector('[data-testid="connection-status"]')?.getAttribute("data-status") ===
            "connected" &&
          (document.querySelector('[data-testid="cell-e1-h1"]')?.getAttribute("data-others") ?? "").split(" ")
            .length >= 3,
        undefined,
        { polling: "raf", timeout: 60_000 },
      );
      const full = await page.evaluate(() => performance.now());
      const sockets = await page.evaluate(
        () => (window as unknown as { __sockets: string[] }).__sockets.length,
      );
      return { grid, full, sockets };
    };
    const cold = await firstPaint();
    const warm = await firstPaint();
    // tsx compiles with keepNames, which wraps inner functions in `__name`; give the page that helper.
    await page.evaluate("globalThis.__name = (f) => f");

    // Keypress → cell and score repainted.
    const cell = page.getByTestId("cell-e2-h1");
    await cell.focus();
    await page.evaluate(() => {
      const w = window as unknown as { __lat: number[]; __t0: number };
      w.__lat = [];
      document.addEventListener(
        "keydown",
        () => {
          w.__t0 = performance.now();
        },
        true,
      );
    });
    for (let i = 0; i < keys; i++) {
      const code = i % 2 === 0 ? "II" : "I";
      await page.evaluate((want) => {
        const w = window as unknown as { __lat: number[]; __t0: number; __done: Promise<void> };
        const el = document.querySelector('[data-testid="cell-e2-h1"]') as HTMLElement;
        const score = document.querySelector('[data-testid="hyp-score-h1"]') as HTMLElement;
        const before = score.textContent;
        w.__done = new Promise<void>((resolve) => {
          const check = (): void => {
            if (el.getAttribute("data-rating") === want && score.textContent !== before) {
              obs.disconnect();
              requestAnimationFrame(() => {
                w.__lat.push(performance.now() - w.__t0);
                resolve();
              });
            }
          };
          const obs = new MutationObserver(check);
          obs.observe(el, { attributes: true });
          obs.observe(score, { subtree: true, characterData: true, childList: true });
        });
      }, code);
      await page.keyboard.press(code === "II" ? "5" : "4");
      await page.evaluate(() => (window as unknown as { __done: Promise<void> }).__done);
    }
    const latencies = await page.evaluate(() => (window as unknown as { __lat: number[] }).__lat);

    // Scroll the grid 300 px per frame through the rows and record frame intervals, with the main
    // thread's CPU time over the same frames (far steadier than intervals on a shared machine).
    const cdp = await context.newCDPSession(page);
    await cdp.send("Performance.enable");
    const threadTime = async (): Promise<number> => {
      const { metrics } = (await cdp.send("Performance.getMetrics")) as {
        metrics: { name: string; value: number }[];
      };
      return (metrics.find((m) => m.name === "ThreadTime")?.value ?? 0) * 1_000;
    };
    const scroll = (frames: number): Promise<number[]> =>
      page.evaluate(async (n) => {
        const el = document.querySelector(".grid-scroll") as HTMLElement;
        const out: number[] = [];
        let last = performance.now();
        for (let i = 0; i < n; i++) {
          // Back to the top at the end, so a long run keeps bringing new rows in.
          el.scrollTop = el.scrollTop + el.clientHeight >= el.scrollHeight - 1 ? 0 : el.scrollTop + 300;
          await new Promise((r) => requestAnimationFrame(r));
          const now = performance.now();
          out.push(now - last);
          last = now;
        }
        return out;
      }, frames);
    const SCROLL_FRAMES = 150;
    await page.evaluate(() => {
      (document.querySelector(".grid-scroll") as HTMLElement).scrollTop = 0;
    });
    const cpuBefore = await threadTime();
    const frames = await scroll(SCROLL_FRAMES);
    const cpuPerFrame = ((await threadTime()) - cpuBefore) / SCROLL_FRAMES;
    // DOM nodes (elements and text) per rendered evidence row.
    const nodesPerRow = await page.evaluate(() => {
      const rows = [...document.querySelectorAll('.matrix [role="row"][data-testid^="ev-"]')];
      let n = 0;
      for (const row of rows) {
        const walk = document.createTreeWalker(row, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
        n += 1;
        while (walk.nextNode()) n++;
      }
      return rows.length > 0 ? n / rows.length : 0;
    });
    // `--trace <file>`: five seconds of the same scroll under the timeline tracer, saved, and the
    // renderer main thread's time summed by event name.
    const traceArg = args.indexOf("--trace");
    const traceSummary =
      traceArg >= 0 ? await traceScroll(page, args[traceArg + 1] ?? "scroll-trace.json") : null;
    await cdp.send("HeapProfiler.collectGarbage");
    const { metrics } = (await cdp.send("Performance.getMetrics")) as {
      metrics: { name: string; value: number }[];
    };
    const heap = (metrics.find((m) => m.name === "JSHeapUsedSize")?.value ?? 0) / 2 ** 20;
    const nodes = metrics.find((m) => m.name === "Nodes")?.value ?? 0;

    const p50 = pct(latencies, 50);
    const p95 = pct(latencies, 95);
    console.log(
      `Matrix editor bench — ${ROWS} rows × ${HYPOTHESES} hypotheses × ${ANALYSTS} analysts (+ me)`,
    );
    console.log("measure                               value      target    ratio");
    const row = (label: string, ms: number, target?: number): void =>
      console.log(
        `${label.padEnd(38)}${fmt(ms)}${target ? `   ${fmt(target)}   ${(ms / target).toFixed(2)}` : ""}`,
      );
    row("grid painted, cold (ms)", cold.grid, TARGET_GRID_MS);
    row("full matrix with team, cold (ms)", cold.full, TARGET_TEAM_COLD_MS);
    row("grid painted, warm local copy (ms)", warm.grid, TARGET_GRID_MS);
    row("full matrix with team, warm (ms)", warm.full, TARGET_TEAM_WARM_MS);
    console.log(`WebSockets opened, cold / warm          ${cold.sockets} / ${warm.sockets}`);
    console.log(`keypress→repaint p50 (ms)          ${fmt(p50)}`);
    console.log(
      `keypress→repaint p95 (ms)          ${fmt(p95)}   ${fmt(TARGET_KEY_P95_MS)}   ${(p95 / TARGET_KEY_P95_MS).toFixed(2)}`,
    );
    console.log(
      `keypress→repaint max (ms)          ${fmt(Math.max(...latencies))}   (${latencies.length} keys)`,
    );
    console.log(`scroll frame p50 / p95 (ms)        ${fmt(pct(frames, 50))} / ${pct(frames, 95).toFixed(1)}`);
    console.log(`scroll main-thread CPU / frame (ms)${fmt(cpuPerFrame)}`);
    console.log(`DOM nodes per evidence row         ${fmt(nodesPerRow)}`);
    for (const [name, ms] of traceSummary?.events ?? [])
      console.log(`  trace ${name.padEnd(28)}${fmt(ms)} ms`);
    if (traceSummary && traceSummary.breakdown.frames > 0) {
      const { frames, ms } = traceSummary.breakdown;
      console.log(`  traced main thread per frame (self ms, ${frames} frames):`);
      for (const part of TRACE_PARTS) console.log(`    ${part.padEnd(32)}${fmt(ms[part] / frames)}`);
    }
    console.log(`JS heap used after GC (MiB)        ${fmt(heap)}`);
    console.log(`DOM nodes                          ${fmt(nodes)}`);
    await context.close();
  } finally {
    await browser.close();
    await server.stop();
  }
}
