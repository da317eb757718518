/**
 * The pieces of the JSON view's input schema that every part shares: rich text as ProseMirror-style
 * JSON (or a plain string), ids, and the common fields of collection items.
 */
import { z } from "zod";
import { ID_PATTERN } from "../documentNames";
import { Limits } from "../limits";
import { checkRichDoc } from "../validation/richTextLimits";
import { plainTextToRichDoc, type RichDoc, type RichNode } from "./richText";

const richNodeSchema: z.ZodType<RichNode> = z.lazy(() =>
  z.object({
    type: z.string().min(1).max(64),
    attrs: z.record(z.string(), z.unknown()).optional(),
    content: z.array(richNodeSchema).max(10_000).optional(),
    text: z.string().max(100_000).optional(),
    marks: z
      .array(
        z.object({ type: z.string().min(1).max(64), attrs: z.record(z.string(), z.unknown()).optional() }),
      )
      .max(20)
      .optional(),
  }),
);

/**
 * Rich text on input: a ProseMirror-style doc, or a plain string (one paragraph per line), within
 * `maxLength` (a rich-text field's limit by default; a source's captured text has its own).
 */
export const richTextSchema = (maxLength: number = Limits.richTextMaxLength) =>
  z
    .union([z.string().max(maxLength), richNodeSchema])
    .transform((v): RichDoc => (typeof v === "string" ? plainTextToRichDoc(v) : { ...v, type: "doc" }))
    .superRefine((doc, ctx) => {
      const problem = checkRichDoc(doc, maxLength);
      if (problem !== null) ctx.addIssue({ code: "custom", message: problem });
    })
    .default({ type: "doc", content: [] });

export const idSchema = z.string().regex(ID_PATTERN, "must be 1–64 letters, digits, _ or -");

export const itemCommon = {
  id: idSchema.optional(),
  archived: z.boolean().default(false),
  createdAt: z.string().optional(),
  createdBy: z.string().optional(),
};
