import { describe, expect, it } from "vitest";
import {
  type Action,
  can,
  dependsOnBlind,
  documentAccess,
  type Member,
  POLICY,
} from "../../server/auth/policy";
import { ROLES, type Role } from "../../shared/accounts";
import type { DocumentName } from "../../shared/documentNames";

const member = (role: Role, userId = "me", analysisId = "a1"): Member => ({ analysisId, userId, role });

const content: DocumentName = { kind: "content", analysisId: "a1" };
const lead: DocumentName = { kind: "lead", analysisId: "a1" };
const mine: DocumentName = { kind: "ratings", analysisId: "a1", userId: "me" };
const theirs: DocumentName = { kind: "ratings", analysisId: "a1", userId: "other" };

describe("document policy", () => {
  // role × document × blind → what a sync connection may do (the table documented in policy.ts).
  const table: ReadonlyArray<readonly [Role, DocumentName, boolean, "write" | "read" | "none"]> = [
    ["lead", content, false, "write"],
    ["analyst", content, false, "write"],
    ["viewer", content, false, "read"],
    ["lead", lead, false, "write"],
    ["analyst", lead, false, "read"],
    ["viewer", lead, false, "read"],
    ["lead", mine, true, "write"],
    ["analyst", mine, true, "write"],
    ["viewer", mine, true, "read"],
    ["lead", theirs, false, "read"],
    ["lead", theirs, true, "read"],
    ["analyst", theirs, false, "read"],
    ["analyst", theirs, true, "none"],
    ["viewer", theirs, false, "read"],
    ["viewer", theirs, true, "none"],
  ];
  it.each(table)("gives a %s on %o (blind %s) %s access", (role, document, blind, expected) => {
    expect(documentAccess(member(role), { document, blind })).toBe(expected);
    expect(can(member(role), "document.read", { document, blind })).toBe(expected !== "none");
    expect(can(member(role), "document.write", { document, blind })).toBe(expected === "write");
  });

  it("allows nothing on a document of another analysis, whatever the role", () => {
    for (const role of ROLES) {
      for (const document of [content, lead, mine]) {
        expect(documentAccess(member(role, "me", "a2"), { document, blind: false })).toBe("none");
      }
    }
  });

  it("asks for the blind switch only where it can change the verdict", () => {
    expect(dependsOnBlind(member("analyst"), theirs)).toBe(true);
    expect(dependsOnBlind(member("viewer"), theirs)).toBe(true);
    expect(dependsOnBlind(member("lead"), theirs)).toBe(false);
    expect(dependsOnBlind(member("analyst"), mine)).toBe(false);
    expect(dependsOnBlind(member("analyst"), content)).toBe(false);
    expect(dependsOnBlind(member("analyst", "me", "a2"), theirs)).toBe(false);
  });
});

describe("route policy", () => {
  const rank: Record<Role, number> = { viewer: 0, analyst: 1, lead: 2 };
  it.each(Object.entries(POLICY) as [Action, (typeof POLICY)[Action]][])(
    "allows %s to exactly the callers it names (%s)",
    (action, need) => {
      expect(can(null, action)).toBe(need === "signedIn");
      for (const role of ROLES) {
        expect(can({ role }, action)).toBe(need === "signedIn" || rank[role] >= rank[need]);
      }
    },
  );
});
