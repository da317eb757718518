/** REST calls of the Sources page. */
import { z } from "zod";
import { parse, request } from "./api";

const extractedSchema = z.object({ paragraphs: z.array(z.string()) });

/** The text of an uploaded PDF or HTML file, one string per paragraph (the server extracts it). */
export async function extractText(analysisId: string, file: File): Promise<readonly string[]> {
  const answer = await request("POST", `/api/analyses/${encodeURIComponent(analysisId)}/extract-text`, file);
  return parse(extractedSchema, answer).paragraphs;
}
