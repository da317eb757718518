/** Opening the pages of an analysis the way a person does, and reading what they show. */
import type { Page } from "playwright-core";

export const SAMPLE = "sample-khairkhane-raid";

/** Waits until every document of the page is connected and synced. */
export async function waitConnected(page: Page): Promise<void> {
  await page
    .locator('[data-testid="connection-status"][data-status="connected"]')
    .waitFor({ timeout: 15_000 });
}

export async function openMatrix(page: Page, id: string): Promise<void> {
  await page.goto(`/a/${id}`);
  await waitConnected(page);
}

export async function openLead(page: Page, id: string): Promise<void> {
  await page.goto(`/a/${id}/lead`);
  await page.getByTestId("lead-page").waitFor({ timeout: 15_000 });
  await waitConnected(page);
}

/** The signed-in user's id. */
export const userIdOf = (page: Page): Promise<string> =>
  page.evaluate(
    async () => ((await (await fetch("/api/session")).json()) as { user: { id: string } }).user.id,
  );

/** The rating cell at a row and column of the grid as it is shown. */
/**
 * CSS selector of the cells showing a mark of `userId`'s rating (the small marks under my own), of
 * that `code` if given: a cell lists others' ratings in `data-others` as `userId:code` words.
 */
export const othersMark = (userId: string, code?: string): string =>
  code ? `[data-others~="${userId}:${code}"]` : `[data-others^="${userId}:"], [data-others*=" ${userId}:"]`;

export const cellAt = (page: Page, row: number, col: number) =>
  page.locator(`[data-testid^="cell-"][data-row="${row}"][data-col="${col}"]`);
