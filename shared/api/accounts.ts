/** Response bodies of the account routes (session, setup, sign-in, tokens, users) and of members. */
import { z } from "zod";
import { ROLES } from "../accounts";

export const publicUserSchema = z.object({
  id: z.string(),
  name: z.string(),
  color: z.string(),
  admin: z.boolean(),
  disabled: z.boolean(),
  createdAt: z.string(),
});
export type SessionUser = Readonly<z.infer<typeof publicUserSchema>>;

export const userBodySchema = z.object({ user: publicUserSchema });
export const usersSchema = z.object({ users: z.array(publicUserSchema) });

export const sessionSchema = z.object({ user: publicUserSchema.nullable(), setupRequired: z.boolean() });
export type SessionState = Readonly<z.infer<typeof sessionSchema>>;

export const tokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
});
export type TokenInfo = Readonly<z.infer<typeof tokenSchema>>;
export const tokensSchema = z.object({ tokens: z.array(tokenSchema) });
/** The secret is in this answer once; it is never shown again. */
export const createdTokenSchema = tokenSchema.extend({ token: z.string() });

export const memberSchema = z.object({
  userId: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  disabled: z.boolean(),
});
export type MemberInfo = Readonly<z.infer<typeof memberSchema>>;
export const memberListSchema = z.object({ members: z.array(memberSchema) });
/** `GET …/members`: the members and the caller's own role and id. */
export const membersSchema = memberListSchema.extend({ role: z.enum(ROLES), userId: z.string() });
export type MembersState = Readonly<z.infer<typeof membersSchema>>;
