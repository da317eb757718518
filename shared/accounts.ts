/**
 * Accounts vocabulary shared by client and server: roles in an analysis, what a signed-in user looks
 * like on the wire, and the limits on names and credentials (longer input is refused with 400).
 */
import { z } from "zod";

export const ROLES = ["lead", "analyst", "viewer"] as const;

/** A member's role in one analysis: lead (manages members, lead document), analyst (edits, rates), viewer (reads). */
export type Role = (typeof ROLES)[number];

export const roleSchema = z.enum(ROLES);

export const AccountLimits = {
  userNameMaxLength: 64,
  passwordMinLength: 8,
  passwordMaxLength: 256,
  tokenNameMaxLength: 80,
  /** Longer Authorization headers or cookies are refused with 400 before any lookup. */
  credentialMaxLength: 512,
} as const;

/** Login names: letters, digits, space, `.`, `_`, `-`; unique case-insensitively. */
export const userNameSchema = z
  .string()
  .trim()
  .min(1, "must not be empty")
  .max(AccountLimits.userNameMaxLength)
  .regex(/^[\p{L}\p{N}][\p{L}\p{N} ._-]*$/u, "use letters, digits, spaces, '.', '_' or '-'");

export const passwordSchema = z
  .string()
  .min(AccountLimits.passwordMinLength, `must be at least ${AccountLimits.passwordMinLength} characters`)
  .max(AccountLimits.passwordMaxLength);

/** The signed-in user as `GET /api/session` and the admin screens show it. */
export interface PublicUser {
  readonly id: string;
  readonly name: string;
  readonly color: string;
  readonly admin: boolean;
  readonly disabled: boolean;
  readonly createdAt: string;
}

/**
 * Presence colours, one hue family each (blue, green, red, magenta, slate, violet, teal, olive) so two
 * collaborators never look alike: pairwise CIELAB ΔE ≥ 25, ≥ 4.5:1 on the light surface (white name
 * tags stay readable), ≥ 3:1 on the dark one, and clear of the CC and II fills they outline
 * (tests/unit/userColors.test.ts).
 */
export const USER_COLORS = [
  "#1f63d6",
  "#2e7d32",
  "#d32f2f",
  "#c2187a",
  "#5d6d7e",
  "#8a46c8",
  "#00796b",
  "#6b7a00",
] as const;

/** A user's presence colour, derived from the id so every client and the server agree without storing it. */
export function userColor(userId: string): string {
  let hash = 0;
  for (let i = 0; i < userId.length; i++) hash = (hash * 31 + userId.charCodeAt(i)) >>> 0;
  return USER_COLORS[hash % USER_COLORS.length] ?? USER_COLORS[0];
}

/**
 * Colours for the users present together, no two alike while there are colours to go round: each
 * keeps its own `userColor` unless someone earlier (by id) has it, then takes the next free one.
 * Every client computes it from the same set of ids, so all agree on who is which colour.
 */
export function distinctColors(userIds: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  const taken = new Set<number>();
  const n = USER_COLORS.length;
  for (const id of [...new Set(userIds)].sort()) {
    const own = USER_COLORS.indexOf(userColor(id) as (typeof USER_COLORS)[number]);
    let i = own;
    for (let k = 0; k < n && taken.has(i); k++) i = (own + k + 1) % n;
    if (taken.size < n) taken.add(i);
    out.set(id, USER_COLORS[i] ?? userColor(id));
  }
  return out;
}

const RANK: Readonly<Record<Role, number>> = { viewer: 0, analyst: 1, lead: 2 };

/** True when `role` grants at least what `needed` grants. */
export const hasRole = (role: Role, needed: Role): boolean => RANK[role] >= RANK[needed];
