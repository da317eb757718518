/** What every ActivityStore does: the feed, its coalescing, filters and paging. */
import { describe, expect, it } from "vitest";
import type { ActivityInput } from "../../../shared/history/activity";
import type { OpenStore } from "./stores";

const at = "2024-01-01T00:00:00.000Z";
const base = {
  analysisId: "a1",
  docName: "a1",
  userName: "Ada",
  kind: "evidence" as const,
  target: "e1",
  label: "E1",
};
const typed = (after: string, time: string, label: string | null = "E1"): ActivityInput => ({
  ...base,
  userId: "u1",
  at: time,
  action: "edited_text",
  field: "notes",
  before: after.slice(0, -1),
  after,
  label,
  coalesceKey: "k",
});
const added = (userId: string, time = at, analysisId = "a1"): ActivityInput => ({
  ...base,
  analysisId,
  userId,
  at: time,
  kind: "hypothesis",
  action: "added",
  field: null,
  before: null,
  after: null,
  coalesceKey: null,
});

export function activityContract(open: OpenStore): void {
  describe("activity", () => {
    it("folds entries that share a coalescing key: first before, last after and label, a count", async () => {
      const store = await open();
      await Promise.all([
        store.appendActivity([typed("a", at)]),
        store.appendActivity([typed("ab", "2024-01-01T00:00:30.000Z", null), added("u2")]),
      ]);
      await store.appendActivity([typed("abc", "2024-01-01T00:00:40.000Z", "E1 renamed")]);
      const all = await store.listActivity("a1", { limit: 10 });
      expect(all.map((e) => [e.userId, e.count, e.before, e.after, e.label])).toEqual([
        ["u2", 1, null, null, "E1"],
        ["u1", 3, "", "abc", "E1 renamed"],
      ]);
      expect(all[1]).toMatchObject({ at: "2024-01-01T00:00:40.000Z", coalesceKey: "k", docName: "a1" });
      expect(await store.lastActivityAt("a1")).toBe("2024-01-01T00:00:40.000Z");
      expect(await store.lastActivityAt("a2")).toBeNull();
    });

    it("filters by user, kind, id and time, newest first within the limit, one analysis only", async () => {
      const store = await open();
      await store.appendActivity([
        added("u1", "2024-01-01T00:00:01.000Z"),
        added("u2", "2024-01-01T00:00:02.000Z"),
        typed("a", "2024-01-01T00:00:03.000Z"),
        added("u1", "2024-01-01T00:00:04.000Z"),
        added("u1", "2024-01-01T00:00:05.000Z", "a2"),
      ]);
      const all = await store.listActivity("a1", { limit: 10 });
      expect(all.map((e) => e.at.slice(17, 19))).toEqual(["04", "03", "02", "01"]);
      expect(all.map((e) => e.id)).toEqual([...all.map((e) => e.id)].sort((a, b) => b - a));
      const at = (entries: readonly { at: string }[]) => entries.map((e) => e.at.slice(17, 19));
      expect(at(await store.listActivity("a1", { limit: 2 }))).toEqual(["04", "03"]);
      expect(at(await store.listActivity("a1", { limit: 10, userId: "u1" }))).toEqual(["04", "03", "01"]);
      expect(at(await store.listActivity("a1", { limit: 10, kind: "evidence" }))).toEqual(["03"]);
      expect(at(await store.listActivity("a1", { limit: 10, beforeId: all[1]?.id ?? 0 }))).toEqual([
        "02",
        "01",
      ]);
      expect(at(await store.listActivity("a1", { limit: 10, beforeAt: "2024-01-01T00:00:03.000Z" }))).toEqual(
        ["02", "01"],
      );
    });

    it("imports entries with their folded counts, and folds later ones into them", async () => {
      const store = await open();
      const entry = { ...typed("abc", at), id: 99, count: 3 };
      await store.importActivity([entry]);
      await store.appendActivity([typed("abcd", "2024-01-01T00:00:50.000Z")]);
      expect(await store.listActivity("a1", { limit: 10 })).toMatchObject([
        { count: 4, before: "ab", after: "abcd" },
      ]);
    });

    it("writes queued entries on close", async () => {
      const store = await open();
      const pending = store.appendActivity([added("u1")]);
      await store.close();
      await expect(pending).resolves.toBeUndefined();
      await expect(store.appendActivity([added("u1")])).rejects.toMatchObject({ code: "store_unavailable" });
    });
  });
}
