/**
 * The one REST client. Every answer is parsed with the response schema the server types it with
 * (`shared/api/`); every failure becomes an `ApiError` carrying the server's stable error code.
 * Components reach it through TanStack Query (`queryKeys` below), not in effects of their own.
 */
import type { z } from "zod";
import type { Role } from "../../../shared/accounts";
import {
  createdTokenSchema,
  type MemberInfo,
  type MembersState,
  memberListSchema,
  membersSchema,
  type SessionState,
  type SessionUser,
  sessionSchema,
  type TokenInfo,
  tokensSchema,
  userBodySchema,
  usersSchema,
} from "../../../shared/api/accounts";
import {
  type AnalysisRecordBody,
  analysesListSchema,
  analysisRecordSchema,
  type ImportPreview,
  importedSchema,
  importPreviewSchema,
  type ListedAnalysis,
  ratersSchema,
} from "../../../shared/api/analyses";
import { type ApprovalStatus, approvalStatusSchema, approvedSchema } from "../../../shared/api/approvals";
import {
  type AttachmentListing,
  type AttachmentView,
  attachmentDeletedSchema,
  attachmentListSchema,
  attachmentViewSchema,
} from "../../../shared/api/attachments";
import {
  type ActivityItem,
  activitySchema,
  type ChangeItem,
  type DiffResult,
  diffSchema,
  restoredSchema,
  type VersionItem,
  versionSchema,
  versionsSchema,
  versionViewSchema,
} from "../../../shared/api/history";
import { extractedTextSchema } from "../../../shared/api/sources";
import type { AttachmentOwner } from "../../../shared/attachments";
import { isErrorBody } from "../../../shared/errors";
import type { Approval } from "../../../shared/schema/leadDoc";

export type {
  ActivityItem,
  ApprovalStatus,
  ChangeItem,
  DiffResult,
  ImportPreview,
  ListedAnalysis,
  MemberInfo,
  MembersState,
  SessionState,
  SessionUser,
  TokenInfo,
  VersionItem,
};
/** One analysis as the create and edit answers give it. */
export type AnalysisRecord = AnalysisRecordBody;

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

/** Worth asking again: the server was busy or unreachable (not a refusal such as 403 or 404). */
export const retryable = (error: unknown): boolean =>
  !(error instanceof ApiError) || error.status === 0 || error.status === 429 || error.status >= 500;

/** One request; a non-2xx answer throws an ApiError with the server's code. JSON bodies unless `body` is a File. */
async function request(
  method: string,
  path: string,
  body?: unknown,
  headers: HeadersInit = {},
): Promise<unknown> {
  const raw = body instanceof Blob;
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      credentials: "same-origin",
      headers: body === undefined || raw ? headers : { "content-type": "application/json", ...headers },
      body: body === undefined ? null : raw ? body : JSON.stringify(body),
    });
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

/** A request whose answer must match `schema`; anything unexpected is a `bad_response` ApiError. */
async function call<S extends z.ZodType>(
  schema: S,
  method: string,
  path: string,
  body?: unknown,
  headers?: HeadersInit,
): Promise<z.infer<S>> {
  const r = schema.safeParse(await request(method, path, body, headers));
  if (!r.success) throw new ApiError("bad_response", "The server sent an unexpected answer.", 200);
  return r.data;
}

const analysisPath = (id: string, rest = ""): string => `/api/analyses/${encodeURIComponent(id)}${rest}`;
const membersPath = (id: string, rest = ""): string => analysisPath(id, `/members${rest}`);

/** Keys of the server state the client caches; invalidating a prefix refetches everything under it. */
export const queryKeys = {
  session: ["session"] as const,
  analyses: ["analyses"] as const,
  analysis: (id: string) => ["analysis", id] as const,
  members: (id: string) => ["analysis", id, "members"] as const,
  raters: (id: string) => ["analysis", id, "raters"] as const,
  approvalStatus: (id: string) => ["analysis", id, "approval-status"] as const,
  history: (id: string) => ["analysis", id, "history"] as const,
  tokens: ["account", "tokens"] as const,
  users: ["users"] as const,
};

// Analyses

export const listAnalyses = async (): Promise<readonly ListedAnalysis[]> =>
  (await call(analysesListSchema, "GET", "/api/analyses")).analyses;

export const createAnalysis = (title: string): Promise<AnalysisRecord> =>
  call(analysisRecordSchema, "POST", "/api/analyses", { title });

/** Archives (the server never hard-deletes an analysis). */
export const archiveAnalysis = (id: string): Promise<AnalysisRecord> =>
  call(analysisRecordSchema, "DELETE", analysisPath(id));

export const restoreAnalysis = (id: string): Promise<AnalysisRecord> =>
  call(analysisRecordSchema, "PATCH", analysisPath(id), { archived: false });

/** The JSON view (left unparsed: its readers pick what they need). */
export const getAnalysisView = (id: string): Promise<unknown> => request("GET", analysisPath(id));

/** userId → display name of everyone who has rated in this analysis and whose ratings I may see. */
export async function listRaters(analysisId: string): Promise<ReadonlyMap<string, string>> {
  const { raters } = await call(ratersSchema, "GET", analysisPath(analysisId, "/raters"));
  return new Map(raters.map((r) => [r.userId, r.name]));
}

/** Headers of a file upload: its type, and its name, which heads the copy's history ("Imported from <file> by <user>"). */
function uploadHeaders(file: File): HeadersInit {
  const type = file.name.toLowerCase().endsWith(".json") ? "application/json" : "application/octet-stream";
  return { "content-type": type, "x-ach-filename": encodeURIComponent(file.name) };
}

/** What an export or `.achz` file holds (nothing is created). */
export const previewImport = (file: File): Promise<ImportPreview> =>
  call(importPreviewSchema, "POST", "/api/imports/preview", file, uploadHeaders(file));

/** Creates an analysis of the caller from an export or `.achz` file. */
export const importFile = (file: File): Promise<AnalysisRecord & { readonly warnings: readonly string[] }> =>
  call(importedSchema, "POST", "/api/imports", file, uploadHeaders(file));

// Approvals

export const fetchApprovalStatus = (analysisId: string): Promise<ApprovalStatus> =>
  call(approvalStatusSchema, "GET", analysisPath(analysisId, "/approval-status"));

/** Approves the current state; the approval then arrives in the lead document for everyone. */
export const approve = async (analysisId: string, note: string): Promise<Approval> =>
  (await call(approvedSchema, "POST", analysisPath(analysisId, "/approvals"), { note })).approval;

// History

export async function listActivity(
  id: string,
  filter: { readonly user?: string; readonly kind?: string },
): Promise<readonly ActivityItem[]> {
  const q = new URLSearchParams({ limit: "200" });
  if (filter.user) q.set("user", filter.user);
  if (filter.kind) q.set("kind", filter.kind);
  return (await call(activitySchema, "GET", analysisPath(id, `/activity?${q}`))).entries;
}

export const listVersions = async (id: string): Promise<readonly VersionItem[]> =>
  (await call(versionsSchema, "GET", analysisPath(id, "/versions"))).versions;

export const saveVersion = (id: string, name: string): Promise<VersionItem> =>
  call(versionSchema, "POST", analysisPath(id, "/versions"), { name });

export const diffVersions = (id: string, from: string, to: string): Promise<DiffResult> =>
  call(diffSchema, "GET", analysisPath(id, `/diff?${new URLSearchParams({ from, to })}`));

/** A version's record and its JSON view (with `scores`, left unparsed: the page rebuilds documents from it). */
export const getVersion = (
  id: string,
  versionId: string,
): Promise<{ readonly version: VersionItem; readonly analysis: unknown }> =>
  call(versionViewSchema, "GET", analysisPath(id, `/versions/${encodeURIComponent(versionId)}`));

/** What a restore touches: the whole analysis, one evidence row or one hypothesis. */
export type RestoreTarget = "analysis" | { readonly evidenceId: string } | { readonly hypothesisId: string };

/** Restore part of a version; `dryRun` answers the changes (now → restored) without writing. */
export async function restoreScope(
  id: string,
  versionId: string,
  scope: RestoreTarget,
  dryRun: boolean,
): Promise<{ readonly restored: boolean; readonly changes: readonly ChangeItem[] }> {
  const body = await call(restoredSchema, "POST", analysisPath(id, "/restore"), { versionId, scope, dryRun });
  return { restored: body.restored, changes: body.diff.changes };
}

export async function restoreVersion(id: string, versionId: string): Promise<void> {
  await restoreScope(id, versionId, "analysis", false);
}

// Session and account

export const getSession = (): Promise<SessionState> => call(sessionSchema, "GET", "/api/session");

export const setupAdmin = async (name: string, password: string): Promise<SessionUser> =>
  (await call(userBodySchema, "POST", "/api/setup", { name, password })).user;

export const login = async (name: string, password: string): Promise<SessionUser> =>
  (await call(userBodySchema, "POST", "/api/auth/login", { name, password })).user;

export async function logout(): Promise<void> {
  await request("POST", "/api/auth/logout");
}

export async function changePassword(currentPassword: string, newPassword: string): Promise<void> {
  await request("POST", "/api/account/password", { currentPassword, newPassword });
}

export const listTokens = async (): Promise<readonly TokenInfo[]> =>
  (await call(tokensSchema, "GET", "/api/account/tokens")).tokens;

/** The secret is in the answer once; it is never shown again. */
export const createToken = (name: string): Promise<TokenInfo & { readonly token: string }> =>
  call(createdTokenSchema, "POST", "/api/account/tokens", { name });

export async function revokeToken(id: string): Promise<void> {
  await request("DELETE", `/api/account/tokens/${encodeURIComponent(id)}`);
}

// Users (admin)

export const listUsers = async (): Promise<readonly SessionUser[]> =>
  (await call(usersSchema, "GET", "/api/users")).users;

export const createUser = async (name: string, password: string, admin: boolean): Promise<SessionUser> =>
  (await call(userBodySchema, "POST", "/api/users", { name, password, admin })).user;

export const updateUser = async (
  id: string,
  patch: { disabled?: boolean; admin?: boolean; password?: string },
): Promise<SessionUser> =>
  (await call(userBodySchema, "PATCH", `/api/users/${encodeURIComponent(id)}`, patch)).user;

// Members

export const getMembers = (analysisId: string): Promise<MembersState> =>
  call(membersSchema, "GET", membersPath(analysisId));

export const inviteMember = async (
  analysisId: string,
  name: string,
  role: Role,
): Promise<readonly MemberInfo[]> =>
  (await call(memberListSchema, "POST", membersPath(analysisId), { name, role })).members;

export const setMemberRole = async (
  analysisId: string,
  userId: string,
  role: Role,
): Promise<readonly MemberInfo[]> =>
  (await call(memberListSchema, "PUT", membersPath(analysisId, `/${encodeURIComponent(userId)}`), { role }))
    .members;

export const removeMember = async (analysisId: string, userId: string): Promise<readonly MemberInfo[]> =>
  (await call(memberListSchema, "DELETE", membersPath(analysisId, `/${encodeURIComponent(userId)}`))).members;

/** The text of an uploaded PDF or HTML file, one string per paragraph (the server extracts it). */
export async function extractText(analysisId: string, file: File): Promise<readonly string[]> {
  return (await call(extractedTextSchema, "POST", analysisPath(analysisId, "/extract-text"), file))
    .paragraphs;
}

const attachmentsPath = (analysisId: string, rest = ""): string =>
  analysisPath(analysisId, `/attachments${rest}`);
const ownerParam = (owner: AttachmentOwner): string => `${owner.kind}:${owner.id}`;

/** Where an attachment is downloaded from; `inline` for image previews (raster images only). */
export const attachmentUrl = (analysisId: string, id: string, inline = false): string =>
  attachmentsPath(analysisId, `/${encodeURIComponent(id)}/content${inline ? "?inline=1" : ""}`);

export async function listAttachments(
  analysisId: string,
  owner: AttachmentOwner,
): Promise<AttachmentListing> {
  const query = new URLSearchParams({ owner: ownerParam(owner) });
  return call(attachmentListSchema, "GET", attachmentsPath(analysisId, `?${query}`));
}

/**
 * Uploads a file with its SHA-256 when the browser can compute it (Web Crypto), so the server can
 * prove the bytes it stored are the ones picked; without it the server's own hash is still shown.
 */
export async function uploadAttachment(
  analysisId: string,
  owner: AttachmentOwner,
  file: File,
  sha256: string | null,
): Promise<AttachmentView> {
  const query = new URLSearchParams({
    owner: ownerParam(owner),
    name: file.name,
    ...(sha256 ? { sha256 } : {}),
  });
  return call(attachmentViewSchema, "POST", attachmentsPath(analysisId, `?${query}`), file, {
    "content-type": "application/octet-stream",
  });
}

export async function deleteAttachment(analysisId: string, id: string): Promise<void> {
  await call(attachmentDeletedSchema, "DELETE", attachmentsPath(analysisId, `/${encodeURIComponent(id)}`));
}
