/**
 * A long source in a real browser: captured text of 200 000 characters with 500 cited passages (one
 * per evidence row), in headless Chromium. Measures opening the source until all passages are
 * highlighted, the highlight build itself (the `citation-highlights` User Timing the editor records
 * on each full resolution), the rebuild after a remote edit, typing latency inside the text
 * (keydown → text repainted, next animation frame) and scroll frame times.
 * Also the main thread's CPU per keystroke (CDP TaskDuration, less noisy than wall time on a loaded
 * machine); `--profile <file>` writes a CPU profile of the typing (open it in Chrome's DevTools).
 * Usage: npm run bench -- sources [--keys 60] [--citations 500] [--profile keys.cpuprofile]
 */
import { writeFileSync } from "node:fs";
import * as Y from "yjs";
import { SOURCE_TEXT_PART, sourceDocName } from "../shared/documentNames";
import { plainTextToRichDoc, writeRichDoc } from "../shared/schema/richText";
import { addSource } from "../shared/schema/sources";
import { seededRandom } from "../shared/seededRandom";
import { anchorAt, plainTextView } from "../shared/sources/anchoring";
import { addCitation } from "../shared/sources/citations";
import { launchBrowser, openAs } from "../tests/e2e/helpers/browser";
import { startServer, type TestServer } from "../tests/e2e/helpers/server";
import { browserCpuMs } from "./lib/browserCpu";
import { percentile } from "./lib/percentiles";
import { SyncClient } from "./lib/SyncClient";

const pct = (xs: readonly number[], q: number): number => percentile(Float64Array.from(xs).sort(), q) ?? 0;
const fmt = (n: number): string => n.toFixed(1).padStart(8);

const TEXT_CHARS = 200_000;
const DEFAULT_CITATIONS = 500;
const TARGET_HIGHLIGHT_MS = 200;
const TARGET_KEY_P95_MS = 50;
const WORDS = [
  "the",
  "convoy",
  "was",
  "seen",
  "near",
  "bridge",
  "at",
  "dawn",
  "witnesses",
  "said",
  "footage",
  "shows",
  "smoke",
  "over",
  "district",
  "officials",
  "denied",
  "any",
  "strike",
  "local",
  "reports",
  "describe",
  "damage",
  "to",
  "houses",
  "and",
  "a",
  "school",
  "according",
  "ministry",
  "statement",
];

/** Paragraphs of about 200 characters until `chars` characters, seeded. */
function longText(chars: number): string {
  const rnd = seededRandom(11);
  const paragraphs: string[] = [];
  let total = 0;
  while (total < chars) {
    const words: string[] = [];
    let len = 0;
    while (len < 200) {
      const w = WORDS[Math.floor(rnd() * WORDS.length)] as string;
      words.push(w);
      len += w.length + 1;
    }
    const p = `${words.join(" ")}.`;
    paragraphs.push(p);
    total += p.length + 1;
  }
  return paragraphs.join("\n");
}

async function openDoc(server: TestServer, name: string): Promise<SyncClient> {
  const token = server.admin?.token ?? "";
  const url = `${server.baseUrl.replace("http", "ws")}/sync/${name}?token=${encodeURIComponent(token)}`;
  const client = new SyncClient({ url, documentName: name }, "y-websocket", undefined);
  await client.connect(30_000);
  return client;
}

/** Waits until a fresh connection sees `ready(doc)`: the server has stored what was written. */
async function stored(server: TestServer, name: string, ready: (doc: Y.Doc) => boolean): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const check = await openDoc(server, name);
    const ok = ready(check.doc);
    check.close();
    if (ok) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${name} was not stored in time`);
}

export async function main(args: string[]): Promise<void> {
  const keysArg = args.indexOf("--keys");
  const keys = keysArg >= 0 ? Math.max(5, Number(args[keysArg + 1]) || 60) : 60;
  const citationsArg = args.indexOf("--citations");
  // `--citations 0` gives the baseline of the editor alone on the same text.
  const citations = citationsArg >= 0 ? Math.max(0, Number(args[citationsArg + 1]) || 0) : DEFAULT_CITATIONS;
  const profileArg = args.indexOf("--profile");
  const profilePath = profileArg >= 0 ? args[profileArg + 1] : undefined;
  const server = await startServer({ NO_SAMPLE: "1" });
  const browser = await launchBrowser();
  try {
    const evidence = Array.from({ length: citations }, (_, i) => ({
      id: `e${i + 1}`,
      claim: `Claim ${i + 1}`,
    }));
    const created = await server.api("/api/analyses", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        schemaVersion: 1,
        title: "Sources bench",
        hypotheses: [{ id: "h1", title: "Alpha" }],
        evidence,
      }),
    });
    if (created.status !== 201) throw new Error(`create failed: ${created.status} ${await created.text()}`);
    const { id } = (await created.json()) as { id: string };
    const actor = { userId: "bench", now: new Date().toISOString() };

    // The source, its text and the citations are written as a client would, through the sync path.
    const content = await openDoc(server, id);
    const sourceId = addSource(content.doc, { title: "A long article", kind: "article" }, actor);
    const sourceName = sourceDocName(id, sourceId);
    const text = await openDoc(server, sourceName);
    const fragment = text.doc.getXmlFragment(SOURCE_TEXT_PART);
    text.doc.transact(() => writeRichDoc(fragment, plainTextToRichDoc(longText(TEXT_CHARS))));
    const view = plainTextView(fragment);
    const step = Math.floor(view.text.length / citations);
    content.doc.transact(() => {
      for (let i = 0; i < citations; i++) {
        const start = i * step + 10;
        const anchor = anchorAt(view, { start, end: start + 40 + (i % 40) });
        if (!anchor) throw new Error(`no anchor at ${start}`);
        addCitation(content.doc, `e${i + 1}`, { sourceId, anchor }, actor);
      }
    });
    await stored(server, sourceName, (d) => d.getXmlFragment(SOURCE_TEXT_PART).length > 0);
    await stored(server, id, (d) => d.getMap("sources").has(sourceId));
    content.close();

    const { context, page } = await openAs(browser, server.baseUrl, "Bench Analyst");
    const joined = await server.api(`/api/analyses/${id}/members`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "Bench Analyst", role: "analyst" }),
    });
    if (joined.status !== 201 && joined.status !== 409) throw new Error(`join failed: ${joined.status}`);

    // Open: navigation → the text shown, and → all 500 passages highlighted with their codes.
    const open = async (): Promise<{ text: number; highlighted: number }> => {
      await page.goto(`/a/${id}/sources/${sourceId}`);
      await page.waitForFunction(
        () => (document.querySelector('[data-testid="source-text"]')?.textContent?.length ?? 0) > 100_000,
        undefined,
        { polling: "raf", timeout: 60_000 },
      );
      const shown = await page.evaluate(() => performance.now());
      await page.waitForFunction(
        (n) => document.querySelectorAll('[data-testid="source-text"] .cite-codes').length >= n,
        citations,
        { polling: "raf", timeout: 60_000 },
      );
      return { text: shown, highlighted: await page.evaluate(() => performance.now()) };
    };
    const cold = await open();
    const warm = await open();
    await page.evaluate("globalThis.__name = (f) => f");
    const lastBuild = async (): Promise<{ at: number; ms: number }> =>
      page.evaluate(() => {
        const e = performance.getEntriesByName("citation-highlights").at(-1);
        return { at: e?.startTime ?? -1, ms: e?.duration ?? 0 };
      });
    const openBuild = await lastBuild();

    // A remote edit (a word typed at the start by another client): every passage is resolved again.
    const remoteBuilds: number[] = [];
    for (let i = 0; i < (citations > 0 ? 5 : 0); i++) {
      const before = await lastBuild();
      const first = fragment.get(0);
      if (first instanceof Y.XmlElement) (first.get(0) as Y.XmlText).insert(0, "so ");
      await page.waitForFunction(
        (at) => (performance.getEntriesByName("citation-highlights").at(-1)?.startTime ?? -1) !== at,
        before.at,
        { polling: "raf", timeout: 30_000 },
      );
      remoteBuilds.push((await lastBuild()).ms);
    }
    text.close();

    // Typing in the middle of the text: keydown → the typed character repainted (next frame).
    await page.evaluate(() => {
      const el = document.querySelector('[data-testid="source-text"]') as HTMLElement;
      const p = el.querySelectorAll("p")[500] as HTMLElement;
      p.scrollIntoView({ block: "center" });
      const range = document.createRange();
      range.setStart(p.firstChild as Node, 5);
      range.collapse(true);
      el.focus();
      const sel = window.getSelection();
      sel?.removeAllRanges();
      sel?.addRange(range);
    });
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
    const cdp = await context.newCDPSession(page);
    await cdp.send("Performance.enable");
    const CPU_PARTS = ["TaskDuration", "ScriptDuration", "LayoutDuration", "RecalcStyleDuration"] as const;
    const cpuNow = async (): Promise<number[]> => {
      const { metrics } = await cdp.send("Performance.getMetrics");
      return CPU_PARTS.map((part) => metrics.find((m) => m.name === part)?.value ?? 0);
    };
    if (profilePath) {
      await cdp.send("Profiler.enable");
      await cdp.send("Profiler.setSamplingInterval", { interval: 100 });
      await cdp.send("Profiler.start");
    }
    const keyCpu: number[][] = CPU_PARTS.map(() => []);
    const browserCpuBefore = browserCpuMs();
    for (let i = 0; i < keys; i++) {
      const cpuBefore = await cpuNow();
      await page.evaluate(() => {
        const w = window as unknown as { __lat: number[]; __t0: number; __done: Promise<void> };
        const el = document.querySelector('[data-testid="source-text"]') as HTMLElement;
        w.__done = new Promise<void>((resolve) => {
          const obs = new MutationObserver(() => {
            obs.disconnect();
            requestAnimationFrame(() => {
              w.__lat.push(performance.now() - w.__t0);
              resolve();
            });
          });
          obs.observe(el, { subtree: true, characterData: true, childList: true });
        });
      });
      await page.keyboard.type(i % 2 === 0 ? "x" : "y");
      await page.evaluate(() => (window as unknown as { __done: Promise<void> }).__done);
      const cpuAfter = await cpuNow();
      for (const [j, spent] of keyCpu.entries())
        spent.push(((cpuAfter[j] ?? 0) - (cpuBefore[j] ?? 0)) * 1000);
    }
    const browserCpuPerKey = (browserCpuMs() - browserCpuBefore) / keys;
    if (profilePath) {
      const { profile } = await cdp.send("Profiler.stop");
      writeFileSync(profilePath, JSON.stringify(profile));
    }
    const latencies = await page.evaluate(() => (window as unknown as { __lat: number[] }).__lat);

    // Scroll the text 400 px per frame from the top.
    const frames = await page.evaluate(async () => {
      const el = document.querySelector('[data-testid="source-text"]') as HTMLElement;
      el.scrollTop = 0;
      const out: number[] = [];
      let last = performance.now();
      for (let i = 0; i < 150; i++) {
        el.scrollTop += 400;
        await new Promise((r) => requestAnimationFrame(r));
        const now = performance.now();
        out.push(now - last);
        last = now;
      }
      return out;
    });

    const row = (label: string, ms: number, target?: number): void =>
      console.log(
        `${label.padEnd(44)}${fmt(ms)}${target ? `   ${fmt(target)}   ${(ms / target).toFixed(2)}` : ""}`,
      );
    console.log(`Sources bench — captured text of ${view.text.length} characters, ${citations} citations`);
    console.log("measure                                        value      target    ratio");
    row("open → text shown, cold (ms)", cold.text);
    row("open → all passages highlighted, cold (ms)", cold.highlighted);
    row("open → text shown, warm (ms)", warm.text);
    row("open → all passages highlighted, warm (ms)", warm.highlighted);
    row("highlight build at open, last (ms)", openBuild.ms, TARGET_HIGHLIGHT_MS);
    row("highlight rebuild after remote edit p50 (ms)", pct(remoteBuilds, 50), TARGET_HIGHLIGHT_MS);
    row("highlight rebuild after remote edit max (ms)", Math.max(0, ...remoteBuilds), TARGET_HIGHLIGHT_MS);
    row("keydown → repaint p50 (ms)", pct(latencies, 50));
    row("keydown → repaint p95 (ms)", pct(latencies, 95), TARGET_KEY_P95_MS);
    row(`keydown → repaint max (ms, ${latencies.length} keys)`, Math.max(...latencies));
    const [task = [], script = [], layout = [], style = []] = keyCpu;
    row("keystroke main-thread CPU p50 (ms)", pct(task, 50));
    row("keystroke main-thread CPU p95 (ms)", pct(task, 95));
    row("  of which script p50 (ms)", pct(script, 50));
    row("  of which layout p50 (ms)", pct(layout, 50));
    row("  of which style recalc p50 (ms)", pct(style, 50));
    row("keystroke browser CPU mean (ms, /proc)", browserCpuPerKey);
    row("scroll frame p50 (ms)", pct(frames, 50));
    row("scroll frame p95 (ms)", pct(frames, 95));
    await context.close();
  } finally {
    await browser.close();
    await server.stop();
  }
}
