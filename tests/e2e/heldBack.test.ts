/**
 * A change the server refused stays in the browser's copy (Yjs never drops what it took), so a
 * provider that reconnects resends it and is refused again, forever. The page stops syncing that
 * document instead, says so, and offers the copy as an importable JSON file.
 */
import { readFile } from "node:fs/promises";
import * as encoding from "lib0/encoding";
import type { WebSocketRoute } from "playwright-core";
import { describe, expect, it } from "vitest";
import { openAs } from "./helpers/browser";
import { browserSuite } from "./helpers/browserSuite";
import { openMatrix, SAMPLE } from "./helpers/pages";
import { waitFor } from "./helpers/waitFor";

const suite = browserSuite();

function permissionDenied(reason: string): Buffer {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 2); // y-websocket auth message
  encoding.writeVarUint(encoder, 0); // permission denied
  encoding.writeVarString(encoder, reason);
  return Buffer.from(encoding.toUint8Array(encoder));
}

describe("a change the server refuses", () => {
  it("stops the content document from resending it, says so, and saves the browser's copy as JSON", async () => {
    const { context, page } = await openAs(suite.browser, suite.server.baseUrl, "Hilda Held");
    try {
      const sockets: WebSocketRoute[] = [];
      // The content document's sockets pass through, so a refusal can be played into them as the
      // server sends one: the reason, then close 4422 (the UI itself never writes past a limit).
      await page.routeWebSocket(new RegExp(`/sync/${SAMPLE}(\\?.*)?$`), (ws) => {
        ws.connectToServer();
        sockets.push(ws);
      });
      await openMatrix(page, SAMPLE);
      await waitFor(() => expect(sockets.length).toBe(1));
      const socket = sockets[0] as WebSocketRoute;
      socket.send(permissionDenied("update refused: meta.title: at most 300 characters"));
      await socket.close({ code: 4422, reason: "update refused: over a limit" });

      const notice = page.getByTestId("held-back");
      await notice.waitFor();
      expect(await notice.textContent()).toContain("meta.title: at most 300 characters");
      // Absence of a reconnect can only be watched for a while: y-websocket would be back within
      // its 2.5 s backoff.
      const until = Date.now() + 4_000;
      while (Date.now() < until) {
        expect(sockets.length).toBe(1);
        await page.waitForTimeout(200);
      }

      const [download] = await Promise.all([
        page.waitForEvent("download"),
        page.getByTestId("held-back-save").click(),
      ]);
      const saved = JSON.parse(await readFile((await download.path()) ?? "", "utf8")) as {
        title: string;
        evidence: unknown[];
      };
      expect(saved.title.length).toBeGreaterThan(0);
      expect(saved.evidence.length).toBeGreaterThan(0);
    } finally {
      await context.close();
    }
  });

  it("stops a source's text from resending it and says so beside the text", async () => {
    const { context, page } = await openAs(suite.browser, suite.server.baseUrl, "Theo Text");
    try {
      const sourceId = "s-mujahid-statement";
      const sockets: WebSocketRoute[] = [];
      await page.routeWebSocket(new RegExp(`/sync/${SAMPLE}/source/${sourceId}(\\?.*)?$`), (ws) => {
        ws.connectToServer();
        sockets.push(ws);
      });
      await page.goto(`/a/${SAMPLE}/sources/${sourceId}`);
      await waitFor(() => expect(sockets.length).toBe(1));
      const socket = sockets[0] as WebSocketRoute;
      socket.send(permissionDenied("update refused: text: at most 200000 characters"));
      await socket.close({ code: 4422, reason: "update refused: over a limit" });
      const notice = page.getByTestId("held-back");
      await notice.waitFor();
      expect(await notice.textContent()).toContain("text: at most 200000 characters");
      const until = Date.now() + 4_000;
      while (Date.now() < until) {
        expect(sockets.length).toBe(1);
        await page.waitForTimeout(200);
      }
    } finally {
      await context.close();
    }
  });
});
