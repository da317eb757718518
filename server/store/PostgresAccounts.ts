/** The AccountStore half of PostgresStore: users, sessions, API tokens and memberships. */
import type pg from "pg";
import type { Role } from "../../shared/accounts";
import { AppError, notFound } from "../../shared/errors";
import type {
  AccountStore,
  MemberRecord,
  SessionRecord,
  TokenRecord,
  UserPatch,
  UserRecord,
} from "./AccountStore";

/** Runs one statement (PostgresStore maps failures to `store_unavailable`, passing AppErrors through). */
export type RunQuery = <R extends pg.QueryResultRow>(
  text: string,
  values: unknown[],
) => Promise<pg.QueryResult<R>>;

interface UserRow {
  readonly id: string;
  readonly name: string;
  readonly password_hash: string | null;
  readonly admin: boolean;
  readonly disabled: boolean;
  readonly created_at: string;
}

interface TokenRow {
  readonly id: string;
  readonly hash: string;
  readonly user_id: string;
  readonly name: string;
  readonly created_at: string;
  readonly expires_at: string | null;
}

interface MemberRow {
  readonly analysis_id: string;
  readonly user_id: string;
  readonly role: Role;
}

const toUser = (row: UserRow): UserRecord => ({
  id: row.id,
  name: row.name,
  passwordHash: row.password_hash,
  admin: row.admin,
  disabled: row.disabled,
  createdAt: row.created_at,
});

const toToken = (row: TokenRow): TokenRecord => ({
  id: row.id,
  hash: row.hash,
  userId: row.user_id,
  name: row.name,
  createdAt: row.created_at,
  expiresAt: row.expires_at,
});

const toMember = (row: MemberRow): MemberRecord => ({
  analysisId: row.analysis_id,
  userId: row.user_id,
  role: row.role,
});

/** PostgreSQL's unique_violation. */
const isUniqueViolation = (error: unknown): boolean => (error as { code?: string }).code === "23505";

export class PostgresAccounts implements AccountStore {
  constructor(
    private readonly run: RunQuery,
    /** Like `run`, but hands back the driver's error untouched (to tell a duplicate from an outage). */
    private readonly runRaw: RunQuery,
  ) {}

  async createUser(user: UserRecord): Promise<void> {
    try {
      await this.runRaw(
        `INSERT INTO users (id, name, password_hash, admin, disabled, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
        [user.id, user.name, user.passwordHash, user.admin, user.disabled, user.createdAt],
      );
    } catch (error) {
      if (isUniqueViolation(error)) throw new AppError("conflict", `a user named "${user.name}" exists`);
      throw new AppError("store_unavailable", `PostgreSQL store failed: ${(error as Error).message}`);
    }
  }

  async getUser(id: string): Promise<UserRecord | null> {
    const { rows } = await this.run<UserRow>("SELECT * FROM users WHERE id = $1", [id]);
    return rows[0] ? toUser(rows[0]) : null;
  }

  async getUserByName(name: string): Promise<UserRecord | null> {
    const { rows } = await this.run<UserRow>("SELECT * FROM users WHERE lower(name) = lower($1)", [name]);
    return rows[0] ? toUser(rows[0]) : null;
  }

  async listUsers(): Promise<UserRecord[]> {
    const { rows } = await this.run<UserRow>('SELECT * FROM users ORDER BY lower(name) COLLATE "C", id', []);
    return rows.map(toUser);
  }

  async updateUser(id: string, patch: UserPatch): Promise<void> {
    const result = await this.run(
      `UPDATE users SET password_hash = COALESCE($2, password_hash), admin = COALESCE($3, admin),
       disabled = COALESCE($4, disabled) WHERE id = $1`,
      [id, patch.passwordHash ?? null, patch.admin ?? null, patch.disabled ?? null],
    );
    if (result.rowCount === 0) throw notFound("user");
  }

  async createSession(session: SessionRecord): Promise<void> {
    await this.run(
      "INSERT INTO sessions (id_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)",
      [session.idHash, session.userId, session.createdAt, session.expiresAt],
    );
  }

  async getSession(idHash: string): Promise<SessionRecord | null> {
    const { rows } = await this.run<{
      id_hash: string;
      user_id: string;
      created_at: string;
      expires_at: string;
    }>("SELECT * FROM sessions WHERE id_hash = $1", [idHash]);
    const row = rows[0];
    return row
      ? { idHash: row.id_hash, userId: row.user_id, createdAt: row.created_at, expiresAt: row.expires_at }
      : null;
  }

  async deleteSession(idHash: string): Promise<void> {
    await this.run("DELETE FROM sessions WHERE id_hash = $1", [idHash]);
  }

  async deleteUserSessions(userId: string, exceptIdHash = ""): Promise<void> {
    await this.run("DELETE FROM sessions WHERE user_id = $1 AND id_hash <> $2", [userId, exceptIdHash]);
  }

  async createToken(token: TokenRecord): Promise<void> {
    await this.run(
      `INSERT INTO api_tokens (id, hash, user_id, name, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)`,
      [token.id, token.hash, token.userId, token.name, token.createdAt, token.expiresAt],
    );
  }

  async getTokenByHash(hash: string): Promise<TokenRecord | null> {
    const { rows } = await this.run<TokenRow>("SELECT * FROM api_tokens WHERE hash = $1", [hash]);
    return rows[0] ? toToken(rows[0]) : null;
  }

  async listTokens(userId: string): Promise<TokenRecord[]> {
    const { rows } = await this.run<TokenRow>(
      'SELECT * FROM api_tokens WHERE user_id = $1 ORDER BY created_at DESC, id COLLATE "C"',
      [userId],
    );
    return rows.map(toToken);
  }

  async deleteToken(userId: string, tokenId: string): Promise<boolean> {
    const result = await this.run("DELETE FROM api_tokens WHERE user_id = $1 AND id = $2", [userId, tokenId]);
    return (result.rowCount ?? 0) > 0;
  }

  async setMember(member: MemberRecord): Promise<void> {
    await this.run(
      `INSERT INTO memberships (analysis_id, user_id, role) VALUES ($1, $2, $3)
       ON CONFLICT (analysis_id, user_id) DO UPDATE SET role = excluded.role`,
      [member.analysisId, member.userId, member.role],
    );
  }

  async removeMember(analysisId: string, userId: string): Promise<boolean> {
    const result = await this.run("DELETE FROM memberships WHERE analysis_id = $1 AND user_id = $2", [
      analysisId,
      userId,
    ]);
    return (result.rowCount ?? 0) > 0;
  }

  async getMemberRole(analysisId: string, userId: string): Promise<Role | null> {
    const { rows } = await this.run<{ role: Role }>(
      "SELECT role FROM memberships WHERE analysis_id = $1 AND user_id = $2",
      [analysisId, userId],
    );
    return rows[0]?.role ?? null;
  }

  async listMembers(analysisId: string): Promise<MemberRecord[]> {
    const { rows } = await this.run<MemberRow>(
      "SELECT * FROM memberships WHERE analysis_id = $1 ORDER BY joined_seq",
      [analysisId],
    );
    return rows.map(toMember);
  }

  async listMemberships(userId: string): Promise<MemberRecord[]> {
    const { rows } = await this.run<MemberRow>(
      "SELECT * FROM memberships WHERE user_id = $1 ORDER BY joined_seq",
      [userId],
    );
    return rows.map(toMember);
  }
}
