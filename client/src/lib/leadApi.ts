/** REST calls of the lead's review: raters, approval and "changed since approval". */
import { z } from "zod";
import { type Approval, approvalSchema } from "../../../shared/schema/leadDoc";
import { parse, request } from "./api";

const ratersSchema = z.object({ raters: z.array(z.object({ userId: z.string(), name: z.string() })) });

const path = (analysisId: string, rest = ""): string =>
  `/api/analyses/${encodeURIComponent(analysisId)}${rest}`;

/** userId → display name of everyone who has rated in this analysis and whose ratings I may see. */
export async function listRaters(analysisId: string): Promise<ReadonlyMap<string, string>> {
  const json = parse(ratersSchema, await request("GET", path(analysisId, "/raters")));
  return new Map(json.raters.map((r) => [r.userId, r.name]));
}

const changeSchema = z.object({
  area: z.string(),
  kind: z.string(),
  id: z.string(),
  field: z.string().optional(),
  analyst: z.string().optional(),
});

const approvalStatusSchema = z.object({
  approved: z.boolean(),
  approval: approvalSchema.nullable(),
  changesSince: z.number().nullable(),
  counts: z.record(z.string(), z.number()).nullable(),
  changes: z.array(changeSchema),
});

/** Whether the analysis is approved and how far it moved on since (see server/analyses/analysisVersions). */
export type ApprovalStatus = z.infer<typeof approvalStatusSchema>;

export async function fetchApprovalStatus(analysisId: string): Promise<ApprovalStatus> {
  return parse(approvalStatusSchema, await request("GET", path(analysisId, "/approval-status")));
}

/** Approves the current state; the approval then arrives in the lead document for everyone. */
export async function approve(analysisId: string, note: string): Promise<Approval> {
  return parse(approvedSchema, await request("POST", path(analysisId, "/approvals"), { note })).approval;
}

const approvedSchema = z.object({ approval: approvalSchema });
