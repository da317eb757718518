/** Answers of the source routes. */
import { z } from "zod";

/** `POST /api/analyses/:id/extract-text`: an uploaded PDF or HTML file's text, one string per paragraph. */
export const extractedTextSchema = z.object({ paragraphs: z.array(z.string()) });
