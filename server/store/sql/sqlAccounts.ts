/** The accounts port over SQL: users, sessions, API tokens and memberships. */
import { AppError, notFound } from "../../../shared/errors";
import type { AccountStore, MemberRecord } from "../AccountStore";
import {
  type MemberRow,
  memberRecordOf,
  type SessionRow,
  sessionRecordOf,
  type TokenRow,
  tokenRecordOf,
  type UserRow,
  userRecordOf,
} from "./rows";
import type { SqlDialect, SqlDriver, Statement } from "./SqlDriver";

/** Adds the member or changes their role (join order is kept). */
export const upsertMember = (dialect: SqlDialect, member: MemberRecord): Statement => ({
  sql: `INSERT INTO memberships (analysis_id, user_id, role, joined_seq) VALUES ($1, $2, $3, ${dialect.nextJoinSeq})
        ON CONFLICT (analysis_id, user_id) DO UPDATE SET role = excluded.role`,
  params: [member.analysisId, member.userId, member.role],
});

export function sqlAccounts(db: SqlDriver): AccountStore {
  const { byCodePoint } = db.dialect;
  const users = async (sql: string, params: readonly unknown[]) =>
    (await db.query<UserRow>(sql, params)).rows.map(userRecordOf);
  const members = async (sql: string, params: readonly unknown[]) =>
    (await db.query<MemberRow>(sql, params)).rows.map(memberRecordOf);

  return {
    async createUser(user) {
      // Any unique index refuses it: the id, or the name case-insensitively.
      await db.batch([
        {
          sql: `INSERT INTO users (id, name, password_hash, admin, disabled, created_at)
                VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
          params: [user.id, user.name, user.passwordHash, user.admin, user.disabled, user.createdAt],
          unlessChanged: () => new AppError("conflict", `a user named "${user.name}" exists`),
        },
      ]);
    },

    getUser: async (id) => (await users("SELECT * FROM users WHERE id = $1", [id]))[0] ?? null,

    getUserByName: async (name) =>
      (await users("SELECT * FROM users WHERE lower(name) = lower($1)", [name]))[0] ?? null,

    listUsers: () => users(`SELECT * FROM users ORDER BY lower(name)${byCodePoint}, id`, []),

    async updateUser(id, patch) {
      const { changes } = await db.query(
        `UPDATE users SET password_hash = COALESCE($2, password_hash), admin = COALESCE($3, admin),
         disabled = COALESCE($4, disabled) WHERE id = $1`,
        [id, patch.passwordHash ?? null, patch.admin ?? null, patch.disabled ?? null],
      );
      if (changes === 0) throw notFound("user");
    },

    async createSession(session) {
      await db.query(
        "INSERT INTO sessions (id_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)",
        [session.idHash, session.userId, session.createdAt, session.expiresAt],
      );
    },

    async getSession(idHash) {
      const { rows } = await db.query<SessionRow>("SELECT * FROM sessions WHERE id_hash = $1", [idHash]);
      return rows[0] ? sessionRecordOf(rows[0]) : null;
    },

    async deleteSession(idHash) {
      await db.query("DELETE FROM sessions WHERE id_hash = $1", [idHash]);
    },

    async deleteUserSessions(userId, exceptIdHash = "") {
      await db.query("DELETE FROM sessions WHERE user_id = $1 AND id_hash <> $2", [userId, exceptIdHash]);
    },

    async createToken(token) {
      await db.query(
        `INSERT INTO api_tokens (id, hash, user_id, name, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)`,
        [token.id, token.hash, token.userId, token.name, token.createdAt, token.expiresAt],
      );
    },

    async getTokenByHash(hash) {
      const { rows } = await db.query<TokenRow>("SELECT * FROM api_tokens WHERE hash = $1", [hash]);
      return rows[0] ? tokenRecordOf(rows[0]) : null;
    },

    async listTokens(userId) {
      const { rows } = await db.query<TokenRow>(
        `SELECT * FROM api_tokens WHERE user_id = $1 ORDER BY created_at DESC, id${byCodePoint}`,
        [userId],
      );
      return rows.map(tokenRecordOf);
    },

    deleteToken: async (userId, tokenId) =>
      (await db.query("DELETE FROM api_tokens WHERE user_id = $1 AND id = $2", [userId, tokenId])).changes >
      0,

    async setMember(member) {
      await db.batch([upsertMember(db.dialect, member)]);
    },

    removeMember: async (analysisId, userId) =>
      (
        await db.query("DELETE FROM memberships WHERE analysis_id = $1 AND user_id = $2", [
          analysisId,
          userId,
        ])
      ).changes > 0,

    async getMemberRole(analysisId, userId) {
      const { rows } = await db.query<Pick<MemberRow, "role">>(
        "SELECT role FROM memberships WHERE analysis_id = $1 AND user_id = $2",
        [analysisId, userId],
      );
      return rows[0]?.role ?? null;
    },

    listMembers: (analysisId) =>
      members("SELECT * FROM memberships WHERE analysis_id = $1 ORDER BY joined_seq", [analysisId]),

    listMemberships: (userId) =>
      members("SELECT * FROM memberships WHERE user_id = $1 ORDER BY joined_seq", [userId]),
  };
}
