/** What every AccountStore does: users, sessions, API tokens and memberships. */
import { describe, expect, it } from "vitest";
import type { UserRecord } from "../../../server/store/AccountStore";
import type { OpenStore } from "./stores";

const now = "2024-01-01T00:00:00.000Z";
const user = (id: string, name: string, patch: Partial<UserRecord> = {}): UserRecord => ({
  id,
  name,
  passwordHash: null,
  admin: false,
  disabled: false,
  createdAt: now,
  ...patch,
});
const analysis = (id: string) => ({
  id,
  title: id,
  createdAt: now,
  updatedAt: now,
  archived: false,
  createdBy: null,
});

export function accountsContract(open: OpenStore): void {
  describe("accounts", () => {
    it("keeps users with names unique regardless of case, sorted by name", async () => {
      const store = await open();
      await store.createUser(user("u1", "Ada", { admin: true }));
      await store.createUser(user("u2", "bob", { passwordHash: "x" }));
      await store.createUser(user("u3", "Cy"));
      await expect(store.createUser(user("u4", "ADA"))).rejects.toMatchObject({ code: "conflict" });
      await expect(store.createUser(user("u1", "Other"))).rejects.toMatchObject({ code: "conflict" });
      expect((await store.getUserByName("ada"))?.id).toBe("u1");
      expect(await store.getUserByName("nobody")).toBeNull();
      expect(await store.getUser("u1")).toEqual(user("u1", "Ada", { admin: true }));
      expect((await store.listUsers()).map((u) => u.name)).toEqual(["Ada", "bob", "Cy"]);
    });

    it("changes only the fields a patch names and refuses an unknown user", async () => {
      const store = await open();
      await store.createUser(user("u2", "bob", { passwordHash: "x" }));
      await store.updateUser("u2", { disabled: true });
      expect(await store.getUser("u2")).toMatchObject({ disabled: true, passwordHash: "x", admin: false });
      await store.updateUser("u2", { passwordHash: "y", admin: true, disabled: false });
      expect(await store.getUser("u2")).toMatchObject({ disabled: false, passwordHash: "y", admin: true });
      await store.updateUser("u2", {});
      expect(await store.getUser("u2")).toMatchObject({ passwordHash: "y" });
      await expect(store.updateUser("nope", { admin: true })).rejects.toMatchObject({ code: "not_found" });
      await expect(store.updateUser("nope", {})).rejects.toMatchObject({ code: "not_found" });
    });

    it("ends one session, or every session of a user but the caller's", async () => {
      const store = await open();
      await store.createUser(user("u1", "Ada"));
      for (const idHash of ["s1", "s2", "s3"]) {
        await store.createSession({ idHash, userId: "u1", createdAt: now, expiresAt: now });
      }
      expect(await store.getSession("s1")).toEqual({
        idHash: "s1",
        userId: "u1",
        createdAt: now,
        expiresAt: now,
      });
      await store.deleteSession("s3");
      expect(await store.getSession("s3")).toBeNull();
      await store.deleteUserSessions("u1", "s2");
      expect(await store.getSession("s1")).toBeNull();
      expect(await store.getSession("s2")).toMatchObject({ userId: "u1" });
      await store.deleteUserSessions("u1");
      expect(await store.getSession("s2")).toBeNull();
    });

    it("finds tokens by hash, lists a user's newest first and deletes only the owner's", async () => {
      const store = await open();
      await store.createUser(user("u1", "Ada"));
      const token = { id: "t1", hash: "h1", userId: "u1", name: "ci", createdAt: now, expiresAt: null };
      await store.createToken(token);
      await store.createToken({ ...token, id: "t2", hash: "h2", createdAt: "2024-02-01T00:00:00.000Z" });
      expect(await store.getTokenByHash("h1")).toEqual(token);
      expect(await store.getTokenByHash("nope")).toBeNull();
      expect((await store.listTokens("u1")).map((t) => t.id)).toEqual(["t2", "t1"]);
      expect(await store.deleteToken("u2", "t1")).toBe(false);
      expect(await store.deleteToken("u1", "t1")).toBe(true);
      expect(await store.getTokenByHash("h1")).toBeNull();
    });

    it("keeps members in join order, changes a role in place and removes them", async () => {
      const store = await open();
      await store.createUser(user("u1", "Ada"));
      await store.createUser(user("u2", "bob"));
      await store.createAnalysis(analysis("a1"), new Map(), { userId: "u1" });
      await store.createAnalysis(analysis("a2"), new Map(), { userId: "u1" });
      await store.setMember({ analysisId: "a1", userId: "u2", role: "viewer" });
      await store.setMember({ analysisId: "a1", userId: "u1", role: "lead" });
      await store.setMember({ analysisId: "a2", userId: "u1", role: "analyst" });
      await store.setMember({ analysisId: "a1", userId: "u2", role: "analyst" });
      expect(await store.listMembers("a1")).toEqual([
        { analysisId: "a1", userId: "u2", role: "analyst" },
        { analysisId: "a1", userId: "u1", role: "lead" },
      ]);
      expect(await store.listMemberships("u1")).toEqual([
        { analysisId: "a1", userId: "u1", role: "lead" },
        { analysisId: "a2", userId: "u1", role: "analyst" },
      ]);
      expect(await store.getMemberRole("a1", "u2")).toBe("analyst");
      expect(await store.removeMember("a1", "u2")).toBe(true);
      expect(await store.removeMember("a1", "u2")).toBe(false);
      expect(await store.getMemberRole("a1", "u2")).toBeNull();
    });
  });
}
