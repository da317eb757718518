/** REST calls for accounts: session, setup, login, password, API tokens, users (admin) and members. */
import { z } from "zod";
import { ROLES, type Role } from "../../../shared/accounts";
import { parse, request } from "./api";

const userSchema = z.object({
  id: z.string(),
  name: z.string(),
  color: z.string(),
  admin: z.boolean(),
  disabled: z.boolean(),
  createdAt: z.string(),
});

export type SessionUser = Readonly<z.infer<typeof userSchema>>;

const sessionSchema = z.object({ user: userSchema.nullable(), setupRequired: z.boolean() });
export type SessionState = Readonly<z.infer<typeof sessionSchema>>;

const tokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
});
export type TokenInfo = Readonly<z.infer<typeof tokenSchema>>;

const memberSchema = z.object({
  userId: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  disabled: z.boolean(),
});
export type MemberInfo = Readonly<z.infer<typeof memberSchema>>;

const membersSchema = z.object({ role: z.enum(ROLES), userId: z.string(), members: z.array(memberSchema) });
export type MembersState = Readonly<z.infer<typeof membersSchema>>;

const userOf = (value: unknown): SessionUser => parse(z.object({ user: userSchema }), value).user;
const analysisPath = (id: string): string => `/api/analyses/${encodeURIComponent(id)}/members`;

export const getSession = async (): Promise<SessionState> =>
  parse(sessionSchema, await request("GET", "/api/session"));

export const setupAdmin = async (name: string, password: string): Promise<SessionUser> =>
  userOf(await request("POST", "/api/setup", { name, password }));

export const login = async (name: string, password: string): Promise<SessionUser> =>
  userOf(await request("POST", "/api/auth/login", { name, password }));

export async function logout(): Promise<void> {
  await request("POST", "/api/auth/logout");
}

export async function changePassword(currentPassword: string, newPassword: string): Promise<void> {
  await request("POST", "/api/account/password", { currentPassword, newPassword });
}

export const listTokens = async (): Promise<readonly TokenInfo[]> =>
  parse(z.object({ tokens: z.array(tokenSchema) }), await request("GET", "/api/account/tokens")).tokens;

/** The secret is in the answer once; it is never shown again. */
export const createToken = async (name: string): Promise<TokenInfo & { readonly token: string }> =>
  parse(tokenSchema.extend({ token: z.string() }), await request("POST", "/api/account/tokens", { name }));

export async function revokeToken(id: string): Promise<void> {
  await request("DELETE", `/api/account/tokens/${encodeURIComponent(id)}`);
}

export const listUsers = async (): Promise<readonly SessionUser[]> =>
  parse(z.object({ users: z.array(userSchema) }), await request("GET", "/api/users")).users;

export const createUser = async (name: string, password: string, admin: boolean): Promise<SessionUser> =>
  userOf(await request("POST", "/api/users", { name, password, admin }));

export const updateUser = async (
  id: string,
  patch: { disabled?: boolean; admin?: boolean; password?: string },
): Promise<SessionUser> => userOf(await request("PATCH", `/api/users/${encodeURIComponent(id)}`, patch));

export const getMembers = async (analysisId: string): Promise<MembersState> =>
  parse(membersSchema, await request("GET", analysisPath(analysisId)));

const membersList = (value: unknown): readonly MemberInfo[] =>
  parse(z.object({ members: z.array(memberSchema) }), value).members;

export const inviteMember = async (
  analysisId: string,
  name: string,
  role: Role,
): Promise<readonly MemberInfo[]> =>
  membersList(await request("POST", analysisPath(analysisId), { name, role }));

export const setMemberRole = async (
  analysisId: string,
  userId: string,
  role: Role,
): Promise<readonly MemberInfo[]> =>
  membersList(await request("PUT", `${analysisPath(analysisId)}/${encodeURIComponent(userId)}`, { role }));

export const removeMember = async (analysisId: string, userId: string): Promise<readonly MemberInfo[]> =>
  membersList(await request("DELETE", `${analysisPath(analysisId)}/${encodeURIComponent(userId)}`));
