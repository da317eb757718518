/**
 * Authorises sync connections at the HTTP upgrade (before any document byte is sent) and keeps
 * them authorised: when access changes — a member removed or demoted, a user disabled, a session
 * ended, blind rating switched on — the affected connections are closed. Changes made in this
 * process re-check at once; changes made elsewhere (the admin CLI, another instance) bump the
 * access-version setting, which every process polls.
 */
import type { IncomingMessage } from "node:http";
import { AccountLimits, type Role, userColor } from "../../shared/accounts";
import { CloseCode } from "../../shared/closeCodes";
import {
  contentDocName,
  type DocumentName,
  formatDocumentName,
  leadDocName,
  parseDocumentName,
} from "../../shared/documentNames";
import { AppError } from "../../shared/errors";
import { readLeadSettings } from "../../shared/schema/leadDoc";
import { hasSource } from "../../shared/schema/sources";
import type { DocumentStore } from "../store/DocumentStore";
import type { Logger } from "../sync/logger";
import type { RoomManager } from "../sync/RoomManager";
import type { ConnectionContext } from "../sync/SocketLike";
import { ACCESS_VERSION_SETTING, type Accounts, type Credential, type Principal } from "./Accounts";
import { readCookie, requestHosts, SESSION_COOKIE } from "./httpAuth";
import { originMatches } from "./origin";
import { type DocumentAccess, dependsOnBlind, documentAccess } from "./policy";

interface Grant {
  readonly credential: Credential;
  readonly name: DocumentName;
}

export interface SyncAccessOptions {
  readonly accounts: Accounts;
  readonly rooms: RoomManager;
  readonly logger: Logger;
  readonly trustProxy: boolean;
  /** Stored documents, to tell an imported rater's ratings from a name nobody has used. */
  readonly documents: Pick<DocumentStore, "listDocuments">;
  /** How often to look for access changes made by other processes (default 500 ms). */
  readonly pollMs?: number;
}

const forbidden = (message: string): AppError => new AppError("forbidden", message);

/** Waits between looks for a source that a live content connection may still be bringing (~0.75 s in all). */
const SOURCE_GRACE_MS = [50, 100, 200, 400] as const;

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export class SyncAccess {
  private readonly grants = new WeakMap<ConnectionContext, Grant>();
  private timer: NodeJS.Timeout | undefined;
  private seenVersion: string | null = null;
  private checking: Promise<void> = Promise.resolve();

  constructor(private readonly options: SyncAccessOptions) {}

  /** The `authorize` hook of the sync server: 4401 without valid credentials, 4403 without access. */
  readonly authorize = async (req: IncomingMessage, docName: string): Promise<ConnectionContext> => {
    const principal = await this.authenticate(req);
    const name = parseDocumentName(docName);
    const role = await this.options.accounts.store.getMemberRole(name.analysisId, principal.user.id);
    if (role === null) throw forbidden("you are not a member of this analysis");
    if (name.kind === "ratings" && name.userId !== principal.user.id && !(await this.hasRater(name))) {
      // Opening any name would otherwise create an empty room (and document) for it.
      throw new AppError("not_found", "no ratings of that user in this analysis");
    }
    if (name.kind === "source" && !(await this.holdsSource(name))) {
      // Otherwise any name would open (and an analyst fill) a text no source list shows.
      throw new AppError("not_found", "no such source in this analysis");
    }
    const access = await this.accessTo(name, principal.user.id, role, new Map());
    if (access === "none") throw forbidden("ratings are blind until the lead reveals them");
    const ctx: ConnectionContext = {
      user: { id: principal.user.id, name: principal.user.name, color: userColor(principal.user.id) },
      readOnly: access === "read",
      role,
    };
    this.grants.set(ctx, { credential: principal.credential, name });
    return ctx;
  };

  /** Starts polling the access-version setting. */
  start(): void {
    const poll = async (): Promise<void> => {
      try {
        const version = await this.options.accounts.store.getSetting(ACCESS_VERSION_SETTING);
        if (version !== this.seenVersion) {
          const first = this.seenVersion === null && this.timer === undefined;
          this.seenVersion = version;
          if (!first) await this.recheck();
        }
      } catch (error) {
        this.options.logger.warn("access poll failed", { error: (error as Error).message });
      }
    };
    void poll().then(() => {
      this.timer = setInterval(() => void poll(), this.options.pollMs ?? 500);
      this.timer.unref();
    });
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  /**
   * Re-authorises open connections (of one analysis, or all) and closes those that lost access:
   * 4401 when the credential no longer holds, 4403 when membership or blind rating forbids, and
   * 1013 (reconnect) when the access level changed, so the client comes back read-only or writable.
   */
  recheck(analysisId?: string): Promise<void> {
    this.checking = this.checking
      .then(() => this.runRecheck(analysisId))
      .catch((error: unknown) => {
        this.options.logger.error("access re-check failed", { error: (error as Error).message });
      });
    return this.checking;
  }

  /**
   * Closes (4404) this process's open connections to the texts of sources that the analysis's
   * content document no longer holds (deleted by a client), so no one keeps writing a text no library
   * lists. Cheap when no source text of the analysis is open: it then reads nothing.
   */
  async closeDeletedSources(analysisId: string): Promise<void> {
    const { rooms, logger } = this.options;
    const openSource = (ctx: ConnectionContext): string | null => {
      const name = this.grants.get(ctx)?.name;
      return name?.kind === "source" && name.analysisId === analysisId ? name.sourceId : null;
    };
    const open = new Set<string>();
    for (const { ctx } of rooms.connections()) {
      const id = openSource(ctx);
      if (id !== null) open.add(id);
    }
    if (open.size === 0) return;
    try {
      const gone = new Set(
        await rooms.inspect(contentDocName(analysisId), (doc) =>
          [...open].filter((id) => !hasSource(doc, id)),
        ),
      );
      if (gone.size === 0) return;
      rooms.closeConnections(
        (_doc, ctx) => gone.has(openSource(ctx) ?? ""),
        CloseCode.NotFound,
        "the source was deleted",
      );
    } catch (error) {
      logger.warn("source re-check failed", { error: (error as Error).message });
    }
  }

  private async runRecheck(analysisId: string | undefined): Promise<void> {
    const { rooms, accounts } = this.options;
    const users = new Map<string, Promise<string | null>>();
    const roles = new Map<string, Promise<Role | null>>();
    const blind = new Map<string, Promise<boolean>>();
    const verdicts = new Map<ConnectionContext, { code: number; reason: string }>();
    for (const { ctx } of rooms.connections()) {
      const grant = this.grants.get(ctx);
      if (!grant || (analysisId !== undefined && grant.name.analysisId !== analysisId)) continue;
      const key = `${grant.credential.kind}:${grant.credential.hash}`;
      if (!users.has(key))
        users.set(
          key,
          accounts.check(grant.credential).then((u) => u?.id ?? null),
        );
      if ((await users.get(key)) !== ctx.user.id) {
        verdicts.set(ctx, { code: CloseCode.Unauthorized, reason: "signed out or account disabled" });
        continue;
      }
      const memberKey = `${grant.name.analysisId}/${ctx.user.id}`;
      if (!roles.has(memberKey)) {
        roles.set(memberKey, accounts.store.getMemberRole(grant.name.analysisId, ctx.user.id));
      }
      const role = await roles.get(memberKey);
      if (!role) {
        verdicts.set(ctx, {
          code: CloseCode.Forbidden,
          reason: "you are no longer a member of this analysis",
        });
        continue;
      }
      const access = await this.accessTo(grant.name, ctx.user.id, role, blind);
      if (access === "none") {
        verdicts.set(ctx, {
          code: CloseCode.Forbidden,
          reason: "ratings are blind until the lead reveals them",
        });
      } else if ((access === "read") !== ctx.readOnly || role !== ctx.role) {
        // A role also decides what a writer may do with others' comments (a lead deletes them).
        verdicts.set(ctx, { code: CloseCode.TryAgainLater, reason: "your role changed" });
      }
    }
    if (verdicts.size === 0) return;
    for (const code of new Set([...verdicts.values()].map((v) => v.code))) {
      const reason = [...verdicts.values()].find((v) => v.code === code)?.reason ?? "";
      rooms.closeConnections((_doc, ctx) => verdicts.get(ctx)?.code === code, code, reason);
    }
  }

  private async authenticate(req: IncomingMessage): Promise<Principal> {
    const { accounts } = this.options;
    const token = new URL(req.url ?? "/", "http://localhost").searchParams.get("token");
    if (token !== null) {
      try {
        return await accounts.fromToken(token);
      } catch {
        throw new AppError("unauthorized", "invalid, expired or revoked API token");
      }
    }
    const cookie = readCookie(req.headers.cookie, SESSION_COOKIE);
    const principal =
      cookie === null || cookie.length > AccountLimits.credentialMaxLength
        ? null
        : await accounts.fromSession(cookie);
    if (!principal) throw new AppError("unauthorized", "sign in first");
    const origin = req.headers.origin;
    if (origin !== undefined && !originMatches(origin, requestHosts(req, this.options.trustProxy))) {
      throw forbidden("cross-origin connection refused");
    }
    return principal;
  }

  /** Whether `name` belongs to a member of the analysis, or already exists (raters imported without an account). */
  private async hasRater(name: Extract<DocumentName, { kind: "ratings" }>): Promise<boolean> {
    if ((await this.options.accounts.store.getMemberRole(name.analysisId, name.userId)) !== null) return true;
    const stored = await this.options.documents.listDocuments(`${name.analysisId}/ratings/`);
    return stored.includes(formatDocumentName(name));
  }

  /**
   * Whether the analysis's content document holds the source (archived or not). A source created
   * offline reaches the server in its content document's sync, which the client completes before it
   * opens the text; should that update still be on its way, the live content room is looked at again
   * for a moment. A deleted source's text is erased (server/analyses/deletedSourceTexts.ts): an entry
   * put back opens an empty text, or the version's text once a restore brings the entry back.
   */
  private async holdsSource(name: Extract<DocumentName, { kind: "source" }>): Promise<boolean> {
    const { rooms } = this.options;
    const content = contentDocName(name.analysisId);
    const holds = (): Promise<boolean> => rooms.inspect(content, (doc) => hasSource(doc, name.sourceId));
    for (const wait of SOURCE_GRACE_MS) {
      if (await holds()) return true;
      // Only a connected client can still bring it; nobody connected, no point in waiting.
      if (!rooms.connections().some((c) => c.docName === content)) return false;
      await delay(wait);
    }
    return holds();
  }

  /** The policy's verdict; reads the blind flag only when it matters (someone else's ratings, for a non-lead). */
  private async accessTo(
    document: DocumentName,
    userId: string,
    role: Role,
    blindCache: Map<string, Promise<boolean>>,
  ): Promise<DocumentAccess> {
    const member = { analysisId: document.analysisId, userId, role };
    if (!dependsOnBlind(member, document)) return documentAccess(member, { document, blind: false });
    if (!blindCache.has(document.analysisId))
      blindCache.set(document.analysisId, this.isBlind(document.analysisId));
    return documentAccess(member, { document, blind: (await blindCache.get(document.analysisId)) === true });
  }

  /** Whether the analysis keeps ratings blind (read from the live lead document). */
  async isBlind(analysisId: string): Promise<boolean> {
    const doc = await this.options.rooms.readDocument(leadDocName(analysisId));
    try {
      return readLeadSettings(doc).blind;
    } finally {
      doc.destroy();
    }
  }
}
