/** The versions port over SQL: a version's record and every document's state, saved in one transaction. */
import { AppError } from "../../../shared/errors";
import type { VersionStore } from "../VersionStore";
import { bytesOf, type VersionRow, versionRecordOf } from "./rows";
import type { SqlDriver } from "./SqlDriver";

export function sqlVersions(db: SqlDriver): VersionStore {
  const { byCodePoint, insertOrder } = db.dialect;
  return {
    async saveVersion(record, documents) {
      await db.batch([
        {
          sql: `INSERT INTO versions (id, analysis_id, name, kind, created_by, created_at)
                VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING`,
          params: [
            record.id,
            record.analysisId,
            record.name,
            record.kind,
            record.createdBy,
            record.createdAt,
          ],
          unlessChanged: () => new AppError("conflict", `version ${record.id} already exists`),
        },
        ...[...documents].map(([doc, data]) => ({
          sql: "INSERT INTO version_documents (version_id, doc, data) VALUES ($1, $2, $3)",
          params: [record.id, doc, data],
        })),
      ]);
    },

    async listVersions(analysisId) {
      const { rows } = await db.query<VersionRow>(
        `SELECT * FROM versions WHERE analysis_id = $1 ORDER BY created_at DESC, ${insertOrder} DESC`,
        [analysisId],
      );
      return rows.map(versionRecordOf);
    },

    async getVersion(id) {
      const { rows } = await db.query<VersionRow>("SELECT * FROM versions WHERE id = $1", [id]);
      const row = rows[0];
      if (!row) return null;
      const docs = await db.query<{ doc: string; data: Buffer }>(
        `SELECT doc, data FROM version_documents WHERE version_id = $1 ORDER BY doc${byCodePoint}`,
        [id],
      );
      return {
        record: versionRecordOf(row),
        documents: new Map(docs.rows.map((d) => [d.doc, bytesOf(d.data)])),
      };
    },
  };
}
