import type { APIRequestContext, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { E2E_PASSWORD } from "./helpers/accounts";
import { openAs } from "./helpers/browser";
import { browserSuite } from "./helpers/browserSuite";
import { waitFor } from "./helpers/waitFor";

interface View {
  readonly ratings: Readonly<Record<string, { cells: Readonly<Record<string, string>> }>>;
  readonly scores: {
    readonly ranking: readonly string[];
    readonly hypotheses: readonly { weighted: number }[];
  };
}

const suite = browserSuite({ NO_SAMPLE: "1" });

/** The user id of the account "Colleague", created (by the test server's admin) on first use. */
async function colleagueId(): Promise<string> {
  const created = await suite.server.api("/api/users", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ name: "Colleague", password: E2E_PASSWORD }),
  });
  if (created.status === 201) return ((await created.json()) as { user: { id: string } }).user.id;
  const { users } = (await (await suite.server.api("/api/users")).json()) as {
    users: { id: string; name: string }[];
  };
  const colleague = users.find((u) => u.name === "Colleague");
  if (!colleague) throw new Error(`cannot create Colleague: ${created.status}`);
  return colleague.id;
}

/**
 * Alpha and Bravo, two rows; a colleague (an analyst member: only members' ratings count) already
 * found e1 inconsistent with Alpha, so Bravo leads until someone finds e2 very inconsistent with
 * Bravo. REST goes through the browser context so it carries that user's credentials.
 */
async function createAnalysis(api: APIRequestContext, title: string, analyst?: string): Promise<string> {
  const colleague = await colleagueId();
  const res = await api.post("/api/analyses", {
    data: {
      schemaVersion: 1,
      title,
      hypotheses: [
        { id: "h1", title: "Alpha" },
        { id: "h2", title: "Bravo" },
      ],
      evidence: [
        { id: "e1", claim: "Convoy seen at dawn" },
        { id: "e2", claim: "Leaflets in Pashto" },
      ],
      ratings: { [colleague]: { name: "Colleague", cells: { "e1:h1": "I", "e1:h2": "C" } } },
    },
  });
  expect(res.status()).toBe(201);
  const { id } = (await res.json()) as { id: string };
  for (const name of ["Colleague", ...(analyst === undefined ? [] : [analyst])]) {
    const invited = await api.post(`/api/analyses/${id}/members`, { data: { name, role: "analyst" } });
    expect(invited.status()).toBe(201);
  }
  return id;
}

async function view(api: APIRequestContext, id: string): Promise<View> {
  const res = await api.get(`/api/analyses/${id}`);
  expect(res.status()).toBe(200);
  return (await res.json()) as View;
}

async function openLead(page: Page, id: string): Promise<void> {
  await page.goto(`/a/${id}/lead`);
  await page.getByTestId("lead-page").waitFor({ timeout: 15_000 });
  await page
    .locator('[data-testid="connection-status"][data-status="connected"]')
    .waitFor({ timeout: 15_000 });
}

async function rate(page: Page, id: string, evidenceId: string, hypothesisId: string, code: string) {
  if (!page.url().endsWith(`/a/${id}`)) {
    await page.goto(`/a/${id}`);
    await page
      .locator('[data-testid="connection-status"][data-status="connected"]')
      .waitFor({ timeout: 15_000 });
  }
  await page.getByTestId(`cell-${evidenceId}-${hypothesisId}`).click();
  await page.getByTestId(`pick-${code}`).click();
  await waitFor(async () =>
    expect(await page.getByTestId(`cell-${evidenceId}-${hypothesisId}`).getAttribute("data-rating")).toBe(
      code,
    ),
  );
}

const topText = (page: Page): Promise<string | null> => page.getByTestId("top-hypothesis").textContent();

describe("the lead's review", () => {
  it("updates the ranking live as an analyst rates in another browser", async () => {
    const lead = await openAs(suite.browser, suite.server.baseUrl, "Lena Lead");
    const analyst = await openAs(suite.browser, suite.server.baseUrl, "Ari Analyst");
    try {
      const id = await createAnalysis(lead.context.request, "Live ranking", "Ari Analyst");
      await openLead(lead.page, id);
      await waitFor(async () => expect(await topText(lead.page)).toContain("Bravo"));

      await rate(analyst.page, id, "e2", "h2", "II");
      await waitFor(async () => expect(await topText(lead.page)).toContain("Alpha"), { timeoutMs: 15_000 });
      const firstRow = lead.page.getByTestId("ranking-row").first();
      expect(await firstRow.getAttribute("data-hypothesis")).toBe("h1");
    } finally {
      await lead.context.close();
      await analyst.context.close();
    }
  });

  it("shows the approval, then 'changed since approval' with a count after an edit", async () => {
    const lead = await openAs(suite.browser, suite.server.baseUrl, "Lena Lead");
    const analyst = await openAs(suite.browser, suite.server.baseUrl, "Ari Analyst");
    try {
      const id = await createAnalysis(lead.context.request, "Approval", "Ari Analyst");
      await openLead(lead.page, id);
      await lead.page.getByTestId("approve").click();
      const badge = lead.page.getByTestId("approval-badge");
      await waitFor(async () => expect(await badge.textContent()).toContain("Approved by"));

      await rate(analyst.page, id, "e2", "h1", "C");
      await waitFor(
        async () => expect(await badge.textContent()).toContain("Changed since approval (1 change)"),
        {
          timeoutMs: 15_000,
        },
      );
      // The matrix header says the same.
      await analyst.page.reload();
      await waitFor(async () =>
        expect(await analyst.page.getByTestId("approval-badge").textContent()).toContain(
          "Changed since approval",
        ),
      );
    } finally {
      await lead.context.close();
      await analyst.context.close();
    }
  });

  it("changes the ranking in the what-if panel without changing the analysis", async () => {
    const lead = await openAs(suite.browser, suite.server.baseUrl, "Lena Lead");
    try {
      const api = lead.context.request;
      const id = await createAnalysis(api, "What if");
      const before = await view(api, id);
      expect(before.scores.ranking).toEqual(["h2", "h1"]);
      await openLead(lead.page, id);
      const whatIf = lead.page.getByTestId("what-if-ranking").locator("li");
      await waitFor(async () => expect(await whatIf.first().getAttribute("data-hypothesis")).toBe("h2"));

      // Without e1 (the only row against Alpha) Alpha and Bravo tie and Alpha, first in order, leads.
      await lead.page.getByTestId("what-if-e1").uncheck();
      await waitFor(async () => expect(await whatIf.first().getAttribute("data-hypothesis")).toBe("h1"));
      expect(await topText(lead.page)).toContain("Bravo");

      const after = await view(api, id);
      expect(after.ratings).toEqual(before.ratings);
      expect(after.scores).toEqual(before.scores);
    } finally {
      await lead.context.close();
    }
  });
});
