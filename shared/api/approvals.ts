/** Response bodies of approving and of "changed since approval". */
import { z } from "zod";
import { approvalSchema } from "../schema/leadDoc";
import { changeSchema, versionSchema } from "./history";

export const approvalStatusSchema = z.object({
  approved: z.boolean(),
  approval: approvalSchema.nullable(),
  changesSince: z.number().nullable(),
  counts: z.record(z.string(), z.number()).nullable(),
  changes: z.array(changeSchema),
});
/** Whether the analysis is approved and how far it moved on since (see server/analyses/analysisVersions). */
export type ApprovalStatus = z.infer<typeof approvalStatusSchema>;

export const approvedSchema = z.object({ approval: approvalSchema, version: versionSchema });
