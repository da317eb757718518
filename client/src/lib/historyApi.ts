/** REST calls of the history page: activity feed, versions, diff and restore. */
import { z } from "zod";
import { parse, request } from "./api";

const entrySchema = z.object({
  id: z.number(),
  userId: z.string().nullable(),
  userName: z.string(),
  at: z.string(),
  kind: z.string(),
  action: z.string(),
  count: z.number(),
  text: z.string(),
});
export type ActivityItem = Readonly<z.infer<typeof entrySchema>>;

const versionSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.string(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
});
export type VersionItem = Readonly<z.infer<typeof versionSchema>>;

const changeSchema = z.object({
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
const diffSchema = z.object({
  diff: z.object({ changes: z.array(changeSchema) }),
  scores: z.object({ before: scoresSchema, after: scoresSchema }),
});
export type DiffResult = Readonly<z.infer<typeof diffSchema>>;

const base = (id: string): string => `/api/analyses/${encodeURIComponent(id)}`;

export async function listActivity(
  id: string,
  filter: { readonly user?: string; readonly kind?: string },
): Promise<readonly ActivityItem[]> {
  const q = new URLSearchParams({ limit: "200" });
  if (filter.user) q.set("user", filter.user);
  if (filter.kind) q.set("kind", filter.kind);
  const body = await request("GET", `${base(id)}/activity?${q}`);
  return parse(z.object({ entries: z.array(entrySchema) }), body).entries;
}

export async function listVersions(id: string): Promise<readonly VersionItem[]> {
  return parse(z.object({ versions: z.array(versionSchema) }), await request("GET", `${base(id)}/versions`))
    .versions;
}

export async function saveVersion(id: string, name: string): Promise<VersionItem> {
  return parse(versionSchema, await request("POST", `${base(id)}/versions`, { name }));
}

export async function diffVersions(id: string, from: string, to: string): Promise<DiffResult> {
  const q = new URLSearchParams({ from, to });
  return parse(diffSchema, await request("GET", `${base(id)}/diff?${q}`));
}

export async function restoreVersion(id: string, versionId: string): Promise<void> {
  await request("POST", `${base(id)}/restore`, { versionId, scope: "analysis" });
}

/** A version's record and its JSON view (with `scores`, left unparsed: the page rebuilds documents from it). */
export async function getVersion(
  id: string,
  versionId: string,
): Promise<{ readonly version: VersionItem; readonly analysis: unknown }> {
  const body = await request("GET", `${base(id)}/versions/${encodeURIComponent(versionId)}`);
  return parse(z.object({ version: versionSchema, analysis: z.unknown() }), body);
}

/** What a restore touches: the whole analysis, one evidence row or one hypothesis. */
export type RestoreTarget = "analysis" | { readonly evidenceId: string } | { readonly hypothesisId: string };

/** Restore part of a version; `dryRun` answers the changes (now → restored) without writing. */
export async function restoreScope(
  id: string,
  versionId: string,
  scope: RestoreTarget,
  dryRun: boolean,
): Promise<{ readonly restored: boolean; readonly changes: readonly ChangeItem[] }> {
  const body = await request("POST", `${base(id)}/restore`, { versionId, scope, dryRun });
  const parsed = parse(
    z.object({ restored: z.boolean(), diff: z.object({ changes: z.array(changeSchema) }) }),
    body,
  );
  return { restored: parsed.restored, changes: parsed.diff.changes };
}
