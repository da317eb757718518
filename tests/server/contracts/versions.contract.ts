/** What every VersionStore does: immutable versions of whole analyses. */
import { describe, expect, it } from "vitest";
import type { VersionRecord } from "../../../server/store/VersionStore";
import type { OpenStore } from "./stores";

const version = (id: string, createdAt: string, analysisId = "a1"): VersionRecord => ({
  id,
  analysisId,
  name: `Version ${id}`,
  kind: "named",
  createdBy: "u1",
  createdAt,
});

export function versionsContract(open: OpenStore): void {
  describe("versions", () => {
    it("saves a version with every document's state and refuses a reused id", async () => {
      const store = await open();
      const v1 = version("v1", "2024-01-01T00:00:00.000Z");
      const documents = new Map([
        ["a1/ratings/u1", new Uint8Array([3])],
        ["a1", new Uint8Array([1, 2])],
      ]);
      await store.saveVersion(v1, documents);
      await expect(store.saveVersion({ ...v1, name: "Again" }, new Map())).rejects.toMatchObject({
        code: "conflict",
      });
      const stored = await store.getVersion("v1");
      expect(stored?.record).toEqual(v1);
      expect([...(stored?.documents ?? [])]).toEqual([
        ["a1", new Uint8Array([1, 2])],
        ["a1/ratings/u1", new Uint8Array([3])],
      ]);
      expect(await store.getVersion("nope")).toBeNull();
    });

    it("lists an analysis's versions newest first, the later of one millisecond first", async () => {
      const store = await open();
      const at = "2024-01-01T00:00:00.000Z";
      await store.saveVersion(version("v-b", at), new Map());
      await store.saveVersion(version("v-a", at), new Map());
      await store.saveVersion(version("v-new", "2024-02-01T00:00:00.000Z"), new Map());
      await store.saveVersion(version("other", at, "a2"), new Map());
      expect((await store.listVersions("a1")).map((v) => v.id)).toEqual(["v-new", "v-a", "v-b"]);
      expect(await store.listVersions("a3")).toEqual([]);
    });
  });
}
