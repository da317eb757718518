/** REST calls to the server. Every failure becomes an `ApiError` carrying the server's stable error code. */
import { z } from "zod";
import { ROLES } from "../../../shared/accounts";
import { isErrorBody } from "../../../shared/errors";

const analysisRecordSchema = z.object({
  id: z.string(),
  title: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  archived: z.boolean(),
  createdBy: z.string().nullable(),
});

/** One analysis as the create and rename answers give it. */
export type AnalysisRecord = Readonly<z.infer<typeof analysisRecordSchema>>;

const listedSchema = analysisRecordSchema.extend({
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
export type ListedAnalysis = Readonly<z.infer<typeof listedSchema>>;

const listSchema = z.object({ analyses: z.array(listedSchema) });

/** A failed request: `code` is the server's error code, or `network`/`bad_response` for local failures. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

/** The body and content type a request sends: a file as it is, anything else as JSON. */
function encodeBody(body: unknown): { headers: Record<string, string>; body: BodyInit | null } {
  if (body === undefined) return { headers: {}, body: null };
  if (body instanceof Blob)
    return { headers: { "content-type": body.type || "application/octet-stream" }, body };
  return { headers: { "content-type": "application/json" }, body: JSON.stringify(body) };
}

/**
 * One request with a JSON answer (the body is JSON, or a file sent as it is); a non-2xx answer
 * throws an ApiError with the server's code.
 */
export async function request(method: string, path: string, body?: unknown): Promise<unknown> {
  let res: Response;
  try {
    res = await fetch(path, { method, credentials: "same-origin", ...encodeBody(body) });
  } catch {
    throw new ApiError("network", "The server cannot be reached.", 0);
  }
  const text = await res.text();
  let json: unknown = null;
  if (text !== "") {
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
  }
  if (!res.ok) {
    if (isErrorBody(json)) throw new ApiError(json.error.code, json.error.message, res.status);
    throw new ApiError("bad_response", `The server answered ${res.status}.`, res.status);
  }
  return json;
}

/** Validate a server answer; anything unexpected is a `bad_response` ApiError. */
export function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const r = schema.safeParse(value);
  if (!r.success) throw new ApiError("bad_response", "The server sent an unexpected answer.", 200);
  return r.data;
}

export async function listAnalyses(): Promise<readonly ListedAnalysis[]> {
  return parse(listSchema, await request("GET", "/api/analyses")).analyses;
}

export async function createAnalysis(title: string): Promise<AnalysisRecord> {
  return parse(analysisRecordSchema, await request("POST", "/api/analyses", { title }));
}

export async function renameAnalysis(id: string, title: string): Promise<void> {
  await request("PATCH", `/api/analyses/${encodeURIComponent(id)}`, { title });
}

/** Archives (the server never hard-deletes an analysis). */
export async function archiveAnalysis(id: string): Promise<void> {
  await request("DELETE", `/api/analyses/${encodeURIComponent(id)}`);
}

export async function restoreAnalysis(id: string): Promise<void> {
  await request("PATCH", `/api/analyses/${encodeURIComponent(id)}`, { archived: false });
}
