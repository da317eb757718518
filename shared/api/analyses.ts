/** Response bodies of `/api/analyses` and `/api/imports`: the server types its answers with them, the client parses them. */
import { z } from "zod";
import { ROLES } from "../accounts";

export const analysisRecordSchema = z.object({
  id: z.string(),
  title: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  archived: z.boolean(),
  createdBy: z.string().nullable(),
});
/** One analysis as create, edit and archive answer it. */
export type AnalysisRecordBody = Readonly<z.infer<typeof analysisRecordSchema>>;

export const listedAnalysisSchema = analysisRecordSchema.extend({
  role: z.enum(ROLES),
  hypotheses: z.number(),
  evidence: z.number(),
  myRated: z.number(),
  approval: z.enum(["approved", "changed", "draft"]),
  team: z.array(z.object({ userId: z.string(), name: z.string(), color: z.string(), role: z.enum(ROLES) })),
  lastEditedBy: z.string().nullable(),
  lastEditedAt: z.string().nullable(),
});
/** One analysis as the list shows it: the caller's role, size, progress, approval, team, last edit. */
export type ListedAnalysis = Readonly<z.infer<typeof listedAnalysisSchema>>;

export const analysesListSchema = z.object({ analyses: z.array(listedAnalysisSchema) });

/** Whose ratings documents exist and the caller may see. */
export const ratersSchema = z.object({ raters: z.array(z.object({ userId: z.string(), name: z.string() })) });

/** `POST /api/imports`: the new analysis and what the import left out or changed. */
export const importedSchema = analysisRecordSchema.extend({ warnings: z.array(z.string()) });

/** `POST /api/imports/preview`: what a file holds, before importing it. */
export const importPreviewSchema = z.object({
  format: z.enum(["json", "achz"]),
  title: z.string(),
  question: z.string(),
  hypotheses: z.number(),
  evidence: z.number(),
  analysts: z.number(),
  warnings: z.array(z.string()),
});
export type ImportPreview = Readonly<z.infer<typeof importPreviewSchema>>;
