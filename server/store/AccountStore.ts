/**
 * Accounts behind authentication and authorisation: users, server-side sessions, API tokens and
 * per-analysis memberships. Async so a Postgres implementation fits the same interface.
 *
 * Secrets never reach the store in clear: sessions and tokens are looked up by the SHA-256 hex of
 * the secret the client holds, passwords are stored as scrypt hashes (format owned by server/auth).
 * Every read goes to the store (no cache), so a change made by another process (the admin CLI,
 * another instance) applies to the next request at once.
 */
import type { Role } from "../../shared/accounts";

export interface UserRecord {
  readonly id: string;
  /** Login and display name; unique case-insensitively. */
  readonly name: string;
  /** `scrypt$…` string from server/auth/passwords; null for an account that cannot sign in. */
  readonly passwordHash: string | null;
  readonly admin: boolean;
  readonly disabled: boolean;
  readonly createdAt: string;
}

export interface UserPatch {
  readonly passwordHash?: string;
  readonly admin?: boolean;
  readonly disabled?: boolean;
}

export interface SessionRecord {
  /** SHA-256 hex of the cookie value. */
  readonly idHash: string;
  readonly userId: string;
  readonly createdAt: string;
  readonly expiresAt: string;
}

export interface TokenRecord {
  /** Public id (listing and revoking); not the secret. */
  readonly id: string;
  /** SHA-256 hex of the `ach_…` secret. */
  readonly hash: string;
  readonly userId: string;
  /** The owner's label ("nightly export"). */
  readonly name: string;
  readonly createdAt: string;
  /** null: never expires. */
  readonly expiresAt: string | null;
}

export interface MemberRecord {
  readonly analysisId: string;
  readonly userId: string;
  readonly role: Role;
}

export interface AccountStore {
  /** Rejects with AppError `conflict` (409) when the name is taken (case-insensitively). */
  createUser(user: UserRecord): Promise<void>;
  getUser(id: string): Promise<UserRecord | null>;
  /** Case-insensitive lookup. */
  getUserByName(name: string): Promise<UserRecord | null>;
  /** Sorted by name. */
  listUsers(): Promise<UserRecord[]>;
  /** Rejects with AppError `not_found` when the user does not exist. */
  updateUser(id: string, patch: UserPatch): Promise<void>;

  createSession(session: SessionRecord): Promise<void>;
  getSession(idHash: string): Promise<SessionRecord | null>;
  deleteSession(idHash: string): Promise<void>;
  /** Ends every session of a user (disable, password reset); `exceptIdHash` keeps the caller's own. */
  deleteUserSessions(userId: string, exceptIdHash?: string): Promise<void>;

  createToken(token: TokenRecord): Promise<void>;
  getTokenByHash(hash: string): Promise<TokenRecord | null>;
  /** A user's tokens, newest first. */
  listTokens(userId: string): Promise<TokenRecord[]>;
  /** Resolves false when the user holds no token with that id. */
  deleteToken(userId: string, tokenId: string): Promise<boolean>;

  /** Adds the member or changes their role. */
  setMember(member: MemberRecord): Promise<void>;
  /** Resolves false when the user was not a member. */
  removeMember(analysisId: string, userId: string): Promise<boolean>;
  getMemberRole(analysisId: string, userId: string): Promise<Role | null>;
  /** Members of one analysis, in the order they joined. */
  listMembers(analysisId: string): Promise<MemberRecord[]>;
  /** Every analysis a user belongs to. */
  listMemberships(userId: string): Promise<MemberRecord[]>;
}
