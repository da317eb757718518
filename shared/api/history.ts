/** Response bodies of the history routes: activity feed, versions, diffs, restore. */
import { z } from "zod";

export const activityItemSchema = z.object({
  id: z.number(),
  userId: z.string().nullable(),
  userName: z.string(),
  at: z.string(),
  kind: z.string(),
  action: z.string(),
  count: z.number(),
  text: z.string(),
});
export type ActivityItem = Readonly<z.infer<typeof activityItemSchema>>;
export const activitySchema = z.object({ entries: z.array(activityItemSchema), next: z.string().nullable() });

export const versionSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.string(),
  createdBy: z.string().nullable(),
  /** Who saved it, by account name (list and save answers; null: the server, or an account since deleted). */
  createdByName: z.string().nullable().optional(),
  createdAt: z.string(),
});
export type VersionItem = Readonly<z.infer<typeof versionSchema>>;
export const versionsSchema = z.object({ versions: z.array(versionSchema) });

/** A version's record and its JSON view (left unparsed: the page rebuilds documents from it). */
export const versionViewSchema = z.object({ version: versionSchema, analysis: z.unknown() });

/** One change between two states of an analysis. */
export const changeSchema = z.object({
  area: z.string(),
  kind: z.string(),
  id: z.string(),
  field: z.string().optional(),
  analyst: z.string().optional(),
  before: z.unknown().optional(),
  after: z.unknown().optional(),
  /** The change in words, with row codes and titles (diffs). */
  text: z.string().optional(),
});
export type ChangeItem = Readonly<z.infer<typeof changeSchema>>;

const scoresSchema = z.object({
  ranking: z.array(z.string()),
  hypotheses: z.array(
    z.object({ id: z.string(), title: z.string(), weighted: z.number(), rank: z.number() }),
  ),
});
export const diffSchema = z.object({
  diff: z.object({ changes: z.array(changeSchema) }),
  scores: z.object({ before: scoresSchema, after: scoresSchema }),
});
export type DiffResult = Readonly<z.infer<typeof diffSchema>>;

export const restoredSchema = z.object({
  restored: z.boolean(),
  version: versionSchema,
  documents: z.array(z.string()),
  diff: z.object({ changes: z.array(changeSchema) }),
  safetyVersion: versionSchema.nullable(),
});
