/**
 * Checks every page of the visual suite must pass: nothing scrolls sideways, every form control has
 * a label a sighted user can see, every hypothesis title can be read in full, and axe finds no
 * serious or critical violation.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Page } from "playwright-core";

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** How far the page scrolls sideways (0 when it fits the window). */
export const horizontalOverflow = (page: Page): Promise<number> =>
  page.evaluate(() => {
    const el = document.scrollingElement ?? document.documentElement;
    return Math.max(0, el.scrollWidth - window.innerWidth);
  });

/**
 * Visible form controls without a visible label: an associated <label>, an aria-labelledby target,
 * or a wrapping label whose text shows. A placeholder alone is not a label (it vanishes on typing).
 */
export const controlsWithoutVisibleLabel = (page: Page): Promise<string[]> =>
  page.evaluate(() => {
    const shown = (el: Element | null): boolean => {
      // checkVisibility covers closed <details>, display:none ancestors and visibility:hidden.
      if (!el?.checkVisibility({ visibilityProperty: true, opacityProperty: true })) return false;
      const r = el.getBoundingClientRect();
      return r.width > 1 && r.height > 1 && getComputedStyle(el).clipPath !== "inset(50%)";
    };
    const controls = [
      ...document.querySelectorAll<HTMLElement>(
        "input:not([type=hidden]):not([type=file]):not([aria-hidden=true]), select, textarea, [role=checkbox], [role=switch], [role=combobox]",
      ),
    ].filter(shown);
    const missing: string[] = [];
    for (const c of controls) {
      const labels = [
        ...((c as HTMLInputElement).labels ?? []),
        ...(c.getAttribute("aria-labelledby") ?? "")
          .split(/\s+/)
          .filter(Boolean)
          .map((id) => document.getElementById(id)),
      ];
      const ok = labels.some((l) => shown(l) && (l?.textContent ?? "").trim() !== "");
      if (!ok)
        missing.push(c.getAttribute("aria-label") ?? c.getAttribute("name") ?? c.outerHTML.slice(0, 80));
    }
    return missing;
  });

/** axe-core's serious and critical violations, as "rule (impact): targets". */
export async function axeViolations(page: Page): Promise<string[]> {
  // Evaluated rather than added as a script tag: the app's CSP (rightly) refuses inline scripts.
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run: (
            ctx: Document,
          ) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }>;
        };
      }
    ).axe;
    const r = await axe.run(document);
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      targets: v.nodes.slice(0, 3).map((n) => n.target.join(" ")),
    }));
  });
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.targets.join(" | ")}`);
}

/**
 * Hypothesis titles that cannot be read in full: the header text is clipped and neither its
 * `title` attribute nor the tooltip shown on hover holds the whole title.
 */
export async function unreadableHypothesisTitles(page: Page, titles: readonly string[]): Promise<string[]> {
  const unreadable: string[] = [];
  for (const title of titles) {
    const header = page
      .locator(".grid-head .hyp-head")
      .filter({ hasText: title.slice(0, 12) })
      .first();
    if ((await header.count()) === 0) {
      unreadable.push(`${title} (no header)`);
      continue;
    }
    const inFull = await header.evaluate((th, full) => {
      const text = th.querySelector(".hyp-title") ?? th;
      const clipped = text.scrollHeight > text.clientHeight + 1 || text.scrollWidth > text.clientWidth + 1;
      if (!clipped && (text.textContent ?? "").includes(full)) return true;
      return [th, ...th.querySelectorAll("[title]")].some((el) =>
        (el.getAttribute("title") ?? "").includes(full),
      );
    }, title);
    if (inFull) continue;
    await header.locator(".hyp-title").first().hover();
    const tip = page.getByRole("tooltip").filter({ hasText: title });
    const shown = await tip
      .first()
      .waitFor({ timeout: 2_000 })
      .then(() => true)
      .catch(() => false);
    if (!shown) unreadable.push(title);
    await page.mouse.move(0, 0);
  }
  return unreadable;
}
