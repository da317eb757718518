/**
 * Account commands shared by the REST routes, the sync authoriser and the admin CLI: creating users,
 * signing in and out, API tokens, and turning a cookie or token back into a user. Every lookup reads
 * the store, so a session ended or a user disabled elsewhere (another request, the CLI) stops at once.
 */
import {
  AccountLimits,
  type PublicUser,
  passwordSchema,
  userColor,
  userNameSchema,
} from "../../shared/accounts";
import { AppError } from "../../shared/errors";
import { newId } from "../../shared/schema/ids";
import { parseOrThrow } from "../../shared/schema/validate";
import { SAMPLE_ANALYSIS_ID } from "../seed/khairkhaneSample";
import type { AccountStore, TokenRecord, UserRecord } from "../store/AccountStore";
import type { DocumentStore } from "../store/DocumentStore";
import { hashPassword, verifyAgainstDummy, verifyPassword } from "./passwords";
import { isWellFormedApiToken, isWellFormedSecret, newApiToken, newSecret, sha256Hex } from "./secrets";

/** What the accounts layer needs: the account tables plus settings and the analysis registry. */
export type AccountsBackend = AccountStore & Pick<DocumentStore, "getAnalysis" | "getSetting" | "setSetting">;

/** The credential a request or connection authenticated with, kept to re-check it later. */
export interface Credential {
  readonly kind: "session" | "token";
  /** SHA-256 hex of the secret. */
  readonly hash: string;
}

export interface Principal {
  readonly user: UserRecord;
  readonly credential: Credential;
}

/** Setting bumped on every access change so other processes (CLI → server) re-check live connections. */
export const ACCESS_VERSION_SETTING = "access-version";

const DAY_MS = 86_400_000;
const WRONG_CREDENTIALS = "wrong user name or password";

const unauthorized = (message: string): AppError => new AppError("unauthorized", message);

export const toPublicUser = (user: UserRecord): PublicUser => ({
  id: user.id,
  name: user.name,
  color: userColor(user.id),
  admin: user.admin,
  disabled: user.disabled,
  createdAt: user.createdAt,
});

export interface AccountsOptions {
  /** Lifetime of a browser session (default 14 days). */
  readonly sessionTtlMs?: number;
  readonly now?: () => Date;
}

export class Accounts {
  private readonly sessionTtlMs: number;
  private readonly now: () => Date;

  constructor(
    readonly store: AccountsBackend,
    options: AccountsOptions = {},
  ) {
    this.sessionTtlMs = options.sessionTtlMs ?? 14 * DAY_MS;
    this.now = options.now ?? (() => new Date());
  }

  /** True until the first account exists (the setup screen is offered only then). */
  /** Until an admin exists (the sample's analysts are accounts too, but nobody can sign in as them). */
  async setupRequired(): Promise<boolean> {
    return !(await this.store.listUsers()).some((u) => u.admin);
  }

  /**
   * Creates an account. The first admin also becomes lead of the sample analysis when it has no
   * lead yet, so a fresh instance opens on something to explore.
   */
  async createUser(input: { name: string; password: string; admin: boolean }): Promise<UserRecord> {
    const name = parseOrThrow(userNameSchema, input.name, "name");
    const password = parseOrThrow(passwordSchema, input.password, "password");
    const firstAdmin = input.admin && !(await this.store.listUsers()).some((u) => u.admin);
    const user: UserRecord = {
      id: newId("u_"),
      name,
      passwordHash: await hashPassword(password),
      admin: input.admin,
      disabled: false,
      createdAt: this.now().toISOString(),
    };
    await this.store.createUser(user);
    if (firstAdmin && (await this.store.getAnalysis(SAMPLE_ANALYSIS_ID))) {
      if (!(await this.store.listMembers(SAMPLE_ANALYSIS_ID)).some((m) => m.role === "lead")) {
        await this.store.setMember({ analysisId: SAMPLE_ANALYSIS_ID, userId: user.id, role: "lead" });
      }
    }
    return user;
  }

  /** Checks a name and password with equal work whether or not the account exists; throws 401. */
  async verifyLogin(name: string, password: string): Promise<UserRecord> {
    if (name.length > AccountLimits.userNameMaxLength || password.length > AccountLimits.passwordMaxLength) {
      throw new AppError("bad_request", "user name or password is too long");
    }
    const user = await this.store.getUserByName(name.trim());
    const ok =
      user?.passwordHash != null
        ? await verifyPassword(password, user.passwordHash)
        : await verifyAgainstDummy(password);
    if (!ok || !user || user.disabled) throw unauthorized(WRONG_CREDENTIALS);
    return user;
  }

  /** A new server-side session; the returned secret goes in the cookie and nowhere else. */
  async startSession(userId: string): Promise<{ secret: string; expiresAt: Date }> {
    const secret = newSecret();
    const now = this.now();
    const expiresAt = new Date(now.getTime() + this.sessionTtlMs);
    await this.store.createSession({
      idHash: sha256Hex(secret),
      userId,
      createdAt: now.toISOString(),
      expiresAt: expiresAt.toISOString(),
    });
    return { secret, expiresAt };
  }

  async endSession(secret: string): Promise<void> {
    if (isWellFormedSecret(secret)) await this.store.deleteSession(sha256Hex(secret));
  }

  /** The user behind a session cookie, or null for a missing, malformed, expired or ended session. */
  async fromSession(secret: string): Promise<Principal | null> {
    if (!isWellFormedSecret(secret)) return null;
    const credential: Credential = { kind: "session", hash: sha256Hex(secret) };
    const user = await this.check(credential);
    return user ? { user, credential } : null;
  }

  /** The user behind an API token; throws 401 for a malformed, unknown, expired or revoked one. */
  async fromToken(token: string): Promise<Principal> {
    if (token.length > AccountLimits.credentialMaxLength) {
      throw new AppError("bad_request", "token is too long");
    }
    if (!isWellFormedApiToken(token)) throw unauthorized("malformed API token");
    const credential: Credential = { kind: "token", hash: sha256Hex(token) };
    const user = await this.check(credential);
    if (!user) throw unauthorized("invalid, expired or revoked API token");
    return { user, credential };
  }

  /** The active user a credential still stands for, or null (ended, expired, revoked, disabled). */
  async check(credential: Credential): Promise<UserRecord | null> {
    const now = this.now().toISOString();
    let userId: string;
    if (credential.kind === "session") {
      const session = await this.store.getSession(credential.hash);
      if (!session) return null;
      if (session.expiresAt <= now) {
        await this.store.deleteSession(credential.hash);
        return null;
      }
      userId = session.userId;
    } else {
      const token = await this.store.getTokenByHash(credential.hash);
      if (!token || (token.expiresAt !== null && token.expiresAt <= now)) return null;
      userId = token.userId;
    }
    const user = await this.store.getUser(userId);
    return user && !user.disabled ? user : null;
  }

  /** Creates an API token; the secret is returned once and only its hash is stored. */
  async createToken(
    userId: string,
    name: string,
    expiresInDays: number | null,
  ): Promise<{ token: string; record: TokenRecord }> {
    const token = newApiToken();
    const now = this.now();
    const record: TokenRecord = {
      id: newId("t_"),
      hash: sha256Hex(token),
      userId,
      name,
      createdAt: now.toISOString(),
      expiresAt:
        expiresInDays === null ? null : new Date(now.getTime() + expiresInDays * DAY_MS).toISOString(),
    };
    await this.store.createToken(record);
    return { token, record };
  }

  /** Sets a new password and ends every other session of the user (a reset ends all of them). */
  async setPassword(userId: string, password: string, keepSessionHash?: string): Promise<void> {
    const valid = parseOrThrow(passwordSchema, password, "password");
    await this.store.updateUser(userId, { passwordHash: await hashPassword(valid) });
    await this.store.deleteUserSessions(userId, keepSessionHash);
    await this.bumpAccessVersion();
  }

  /** Disabling ends the user's sessions; their tokens stop working while disabled. */
  async setDisabled(userId: string, disabled: boolean): Promise<void> {
    await this.store.updateUser(userId, { disabled });
    if (disabled) await this.store.deleteUserSessions(userId);
    await this.bumpAccessVersion();
  }

  /** Tells every server process (they poll the setting) to re-check open sync connections. */
  async bumpAccessVersion(): Promise<void> {
    await this.store.setSetting(ACCESS_VERSION_SETTING, `${Date.now()}-${newSecret().slice(0, 8)}`);
  }
}
