/**
 * The visual suite: every main page at two laptop sizes in light and dark, saved under
 * docs/screenshots/ for design review, and checked for sideways scrolling, controls without a
 * visible label, hypothesis titles that cannot be read in full, and axe violations.
 * The 1440×900 light shots of the matrix, lead review and history also refresh the README's.
 * A plain run writes its shots to a temporary folder, so `npm test` leaves the tree clean;
 * `UPDATE_SCREENSHOTS=1` writes them to docs/ (commit them after a visible change).
 */
import { copyFile, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { E2E_PASSWORD, signIn } from "./helpers/accounts";
import { launchBrowser } from "./helpers/browser";
import {
  axeViolations,
  controlsWithoutVisibleLabel,
  horizontalOverflow,
  unreadableHypothesisTitles,
} from "./helpers/pageChecks";
import { startServer, type TestServer } from "./helpers/server";

const SAMPLE = "sample-khairkhane-raid";
const UPDATE = process.env.UPDATE_SCREENSHOTS === "1";
const OUT = UPDATE ? "docs/screenshots" : join(tmpdir(), "ach-screenshots");
const VIEWPORTS = [
  { width: 1440, height: 900 },
  { width: 1280, height: 720 },
] as const;
const THEMES = ["light", "dark"] as const;

let server: TestServer;
let browser: Browser;
let hypothesisTitles: string[] = [];
/** The analysis the matrix, lead and history shots show: the sample, rated by two team members. */
let shown = "";

const post = async (path: string, body: unknown): Promise<Record<string, unknown>> => {
  const res = await server.api(path, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`POST ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as Record<string, unknown>;
};

/** A team that has rated, an approved and a blank analysis, a saved version: pages as a team sees them. */
async function seed(): Promise<void> {
  const ids: string[] = [];
  for (const name of ["Alice Analyst", "Bob Okafor"]) {
    const { user } = (await post("/api/users", { name, password: E2E_PASSWORD })) as { user: { id: string } };
    ids.push(user.id);
  }
  const {
    scores: _scores,
    id: _id,
    ...sample
  } = (await (await server.api(`/api/analyses/${SAMPLE}`)).json()) as Record<string, unknown> & {
    ratings: Record<string, { name: string; cells: unknown }>;
  };
  const [mariam, jonas] = Object.values(sample.ratings);
  const copy = await post("/api/analyses", {
    ...sample,
    ratings: {
      [ids[0] ?? ""]: { ...mariam, name: "Alice Analyst" },
      [ids[1] ?? ""]: { ...jonas, name: "Bob Okafor" },
    },
  });
  shown = String(copy.id);
  for (const name of ["Alice Analyst", "Bob Okafor"])
    await post(`/api/analyses/${shown}/members`, { name, role: "analyst" });
  await post(`/api/analyses/${shown}/versions`, { name: "Before the team meeting" });
  await server.api(`/api/analyses/${shown}`, {
    method: "PATCH",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      question: "Who were the five men killed in the raid, and why were they targeted?",
    }),
  });
  const approved = await post("/api/analyses", { title: "Pipeline sabotage near Mazar-i-Sharif" });
  await post(`/api/analyses/${String(approved.id)}/approvals`, { note: "Ready for the weekly brief" });
  await post("/api/analyses", { title: "Convoy attack on the Jalalabad road" });
  // The rated copy stands in for the sample; the sample itself shows as archived.
  await server.api(`/api/analyses/${SAMPLE}`, { method: "DELETE" });
}

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  await seed();
  const view = (await (await server.api(`/api/analyses/${shown}`)).json()) as {
    hypotheses: { title: string; archived: boolean }[];
  };
  hypothesisTitles = view.hypotheses.filter((h) => !h.archived).map((h) => h.title);
  await mkdir(OUT, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

interface Shot {
  readonly name: string;
  readonly path: string;
  /** Waits until the page shows its content (not a skeleton). */
  readonly ready: (page: Page) => Promise<void>;
  readonly matrix?: boolean;
}

const connected = (page: Page) =>
  page.locator('[data-testid="connection-status"][data-status="connected"]').waitFor({ timeout: 15_000 });

const shots = (): readonly Shot[] => [
  { name: "list", path: "/", ready: (p) => p.getByTestId("analyses").waitFor() },
  {
    name: "matrix-consensus",
    path: `/a/${shown}`,
    matrix: true,
    ready: async (p) => {
      await connected(p);
      await p.getByTestId("view-consensus").click();
    },
  },
  {
    name: "matrix-mine",
    path: `/a/${shown}`,
    matrix: true,
    ready: async (p) => {
      await connected(p);
      await p.getByTestId("view-mine").click();
    },
  },
  { name: "lead", path: `/a/${shown}/lead`, ready: (p) => p.getByTestId("ranking-table").waitFor() },
  {
    name: "lead-disagreement",
    path: `/a/${shown}/lead`,
    ready: async (p) => {
      await p.getByTestId("heatmap").waitFor();
      await p.getByRole("heading", { name: "Disagreement" }).scrollIntoViewIfNeeded();
    },
  },
  {
    name: "history",
    path: `/a/${shown}/history`,
    ready: async (p) => {
      await p.getByTestId("version").first().getByRole("button", { name: "Compare with now" }).click();
      await p.getByTestId("version-diff").waitFor();
    },
  },
  { name: "admin", path: "/admin", ready: (p) => p.getByRole("table").first().waitFor() },
  {
    name: "account",
    path: "/account",
    ready: (p) => p.getByText("No tokens yet").or(p.getByRole("table")).first().waitFor(),
  },
];

/** Screenshots must not catch a caret blinking or a toast fading. */
async function settle(page: Page): Promise<void> {
  await page.mouse.move(0, 0);
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.waitForFunction(() => document.querySelectorAll("[data-testid=skeleton]").length === 0);
  await page.evaluate(() => document.fonts.ready);
}

describe("the visual suite", () => {
  for (const viewport of VIEWPORTS) {
    for (const theme of THEMES) {
      const size = `${viewport.width}x${viewport.height}`;
      it(`shows every page at ${size} in ${theme} without sideways scrolling, unlabelled controls or axe violations`, async () => {
        const context = await browser.newContext({
          viewport,
          colorScheme: theme,
          reducedMotion: "reduce",
          baseURL: server.baseUrl,
          extraHTTPHeaders: { origin: server.baseUrl },
        });
        const problems: string[] = [];
        try {
          const page = await context.newPage();
          await page.goto("/");
          await signIn(page, server.admin?.name ?? "");
          for (const shot of shots()) {
            await page.goto(shot.path);
            await shot.ready(page);
            await settle(page);
            const file = `${OUT}/${shot.name}-${size}-${theme}.png`;
            await page.screenshot({ path: file });
            if (UPDATE && size === "1440x900" && theme === "light") {
              const readme = { "matrix-consensus": "matrix", lead: "lead", history: "history" }[shot.name];
              if (readme) await copyFile(file, `docs/screenshot-${readme}.png`);
            }
            const overflow = await horizontalOverflow(page);
            if (overflow > 0) problems.push(`${shot.name}: scrolls sideways by ${overflow}px`);
            for (const c of await controlsWithoutVisibleLabel(page))
              problems.push(`${shot.name}: no visible label on ${c}`);
            if (shot.matrix)
              for (const t of await unreadableHypothesisTitles(page, hypothesisTitles))
                problems.push(`${shot.name}: hypothesis title not readable in full: ${t}`);
            for (const v of await axeViolations(page)) problems.push(`${shot.name}: axe ${v}`);
          }
        } finally {
          await context.close();
        }
        expect(problems).toEqual([]);
      }, 180_000);
    }
  }
});
