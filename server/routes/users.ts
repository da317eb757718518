/** REST for admins: list, create, disable/enable users, reset passwords, grant or revoke admin. */
import { Router } from "express";
import { z } from "zod";
import { passwordSchema, userNameSchema } from "../../shared/accounts";
import { userBodySchema, usersSchema } from "../../shared/api/accounts";
import { AppError } from "../../shared/errors";
import { parseOrThrow } from "../../shared/schema/validate";
import { type Accounts, toPublicUser } from "../auth/Accounts";
import { requirePrincipal } from "../auth/httpAuth";
import { sendJson } from "../http/sendJson";

const createSchema = z
  .object({ name: userNameSchema, password: passwordSchema, admin: z.boolean().optional() })
  .strict();

const patchSchema = z
  .object({
    disabled: z.boolean().optional(),
    admin: z.boolean().optional(),
    password: passwordSchema.optional(),
  })
  .strict()
  .refine((p) => Object.keys(p).length > 0, "give at least one of disabled, admin, password");

export interface UsersRouteOptions {
  readonly accounts: Accounts;
  readonly onAccessChanged: () => void;
}

export function usersRouter({ accounts, onAccessChanged }: UsersRouteOptions): Router {
  const router = Router();

  router.use((req, _res, next) => {
    if (!requirePrincipal(req).user.admin) throw new AppError("forbidden", "admins only");
    next();
  });

  router.get("/", async (_req, res) => {
    sendJson(res, usersSchema, { users: (await accounts.store.listUsers()).map(toPublicUser) });
  });

  router.post("/", async (req, res) => {
    const { name, password, admin } = parseOrThrow(createSchema, req.body, "body");
    const user = await accounts.createUser({ name, password, admin: admin ?? false });
    sendJson(res, userBodySchema, { user: toPublicUser(user) }, 201);
  });

  router.patch("/:userId", async (req, res) => {
    const patch = parseOrThrow(patchSchema, req.body, "body");
    const me = requirePrincipal(req).user;
    const target = await accounts.store.getUser(req.params.userId);
    if (!target) throw new AppError("not_found", "user not found");
    if (target.id === me.id && (patch.disabled === true || patch.admin === false)) {
      throw new AppError("conflict", "you cannot disable yourself or drop your own admin rights");
    }
    if (patch.admin !== undefined) await accounts.store.updateUser(target.id, { admin: patch.admin });
    if (patch.password !== undefined) await accounts.setPassword(target.id, patch.password);
    if (patch.disabled !== undefined) await accounts.setDisabled(target.id, patch.disabled);
    onAccessChanged();
    const updated = await accounts.store.getUser(target.id);
    sendJson(res, userBodySchema, { user: toPublicUser(updated ?? target) });
  });

  return router;
}
