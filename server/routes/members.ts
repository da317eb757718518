/**
 * REST for an analysis's members (mounted at `/api/analyses/:id/members` behind `analysisAccess`):
 * every member sees the list and their own role; leads invite by user name, change roles and remove.
 * An analysis always keeps at least one lead.
 */
import { Router } from "express";
import { z } from "zod";
import { AccountLimits, roleSchema } from "../../shared/accounts";
import { memberListSchema, membersSchema } from "../../shared/api/accounts";
import { AppError } from "../../shared/errors";
import { parseOrThrow } from "../../shared/schema/validate";
import type { Accounts } from "../auth/Accounts";
import { roleOf } from "../auth/analysisAccess";
import { requirePrincipal } from "../auth/httpAuth";
import { authorize } from "../auth/policy";
import { sendJson } from "../http/sendJson";

const inviteSchema = z
  .object({ name: z.string().trim().min(1).max(AccountLimits.userNameMaxLength), role: roleSchema })
  .strict();
const roleChangeSchema = z.object({ role: roleSchema }).strict();

export interface MembersRouteOptions {
  readonly accounts: Accounts;
  /** Re-check live sync connections of the analysis after a change. */
  readonly onMembersChanged: (analysisId: string) => void;
}

export function membersRouter({ accounts, onMembersChanged }: MembersRouteOptions): Router {
  const router = Router({ mergeParams: true });
  const store = accounts.store;
  const analysisIdOf = (params: Record<string, string | undefined>): string => params.id ?? "";

  const list = async (analysisId: string) => {
    const members = await store.listMembers(analysisId);
    const users = await Promise.all(members.map((m) => store.getUser(m.userId)));
    return members.map((m, i) => ({
      userId: m.userId,
      name: users[i]?.name ?? m.userId,
      role: m.role,
      disabled: users[i]?.disabled ?? true,
    }));
  };

  const changed = async (analysisId: string): Promise<void> => {
    await accounts.bumpAccessVersion();
    onMembersChanged(analysisId);
  };

  /** Refuses a change that would leave the analysis without a lead. */
  const assertKeepsALead = async (analysisId: string, userId: string): Promise<void> => {
    const leads = (await store.listMembers(analysisId)).filter((m) => m.role === "lead");
    if (leads.length === 1 && leads[0]?.userId === userId) {
      throw new AppError("conflict", "an analysis needs at least one lead; make someone else lead first");
    }
  };

  router.get("/", authorize("members.read"), async (req, res) => {
    const analysisId = analysisIdOf(req.params);
    sendJson(res, membersSchema, {
      role: roleOf(req),
      userId: requirePrincipal(req).user.id,
      members: await list(analysisId),
    });
  });

  router.post("/", authorize("members.invite"), async (req, res) => {
    const analysisId = analysisIdOf(req.params);
    const { name, role } = parseOrThrow(inviteSchema, req.body, "body");
    const user = await store.getUserByName(name);
    if (!user || user.disabled) throw new AppError("not_found", `no active user named "${name}"`);
    if ((await store.getMemberRole(analysisId, user.id)) !== null) {
      throw new AppError("conflict", `${user.name} is already a member`);
    }
    await store.setMember({ analysisId, userId: user.id, role });
    await changed(analysisId);
    sendJson(res, memberListSchema, { members: await list(analysisId) }, 201);
  });

  router.put("/:userId", authorize("members.update"), async (req, res) => {
    const analysisId = analysisIdOf(req.params);
    const { role } = parseOrThrow(roleChangeSchema, req.body, "body");
    const userId = req.params.userId ?? "";
    if ((await store.getMemberRole(analysisId, userId)) === null) {
      throw new AppError("not_found", "member not found");
    }
    if (role !== "lead") await assertKeepsALead(analysisId, userId);
    await store.setMember({ analysisId, userId, role });
    await changed(analysisId);
    sendJson(res, memberListSchema, { members: await list(analysisId) });
  });

  router.delete("/:userId", authorize("members.remove"), async (req, res) => {
    const analysisId = analysisIdOf(req.params);
    const userId = req.params.userId ?? "";
    await assertKeepsALead(analysisId, userId);
    if (!(await store.removeMember(analysisId, userId))) throw new AppError("not_found", "member not found");
    await changed(analysisId);
    sendJson(res, memberListSchema, { members: await list(analysisId) });
  });

  return router;
}
