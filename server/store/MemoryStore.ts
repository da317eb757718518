/**
 * In-memory DocumentStore for tests: same semantics as SqliteStore (group commit per tick, seqs,
 * compaction) and fault injection so failure paths can be exercised without a broken disk.
 */
import type { Role } from "../../shared/accounts";
import type { AttachmentRecord } from "../../shared/attachments";
import { AppError, notFound } from "../../shared/errors";
import type { ActivityEntry, ActivityInput } from "../../shared/history/activity";
import type {
  AccountStore,
  MemberRecord,
  SessionRecord,
  TokenRecord,
  UserPatch,
  UserRecord,
} from "./AccountStore";
import type { AttachmentStore, StoredAttachment } from "./AttachmentStore";
import type {
  AnalysisPatch,
  AnalysisRecord,
  DocumentStore,
  StoredDocument,
  StoredUpdateMeta,
} from "./DocumentStore";
import type { ActivityQuery, HistoryStore } from "./HistoryStore";
import { MemoryActivityLog } from "./memoryActivity";
import { MemoryAttachments } from "./memoryAttachments";
import type { StoredVersion, VersionRecord, VersionStore } from "./VersionStore";

interface LogRow {
  readonly seq: number;
  readonly data: Uint8Array;
  readonly userId: string | null;
}

interface QueuedAppend {
  readonly name: string;
  readonly data: Uint8Array;
  readonly meta: StoredUpdateMeta;
  readonly resolve: (seq: number) => void;
  readonly reject: (error: Error) => void;
}

const memberKey = (analysisId: string, userId: string): string => `${analysisId}\u0000${userId}`;

export class MemoryStore implements DocumentStore, AccountStore, VersionStore, HistoryStore, AttachmentStore {
  /** Insertion order is save order. */
  private readonly versions = new Map<string, StoredVersion>();
  private readonly users = new Map<string, UserRecord>();
  private readonly sessions = new Map<string, SessionRecord>();
  private readonly tokens = new Map<string, TokenRecord>();
  /** Insertion order is join order. */
  private readonly members = new Map<string, MemberRecord>();
  private readonly logs = new Map<string, LogRow[]>();
  private readonly snapshots = new Map<string, { data: Uint8Array; throughSeq: number }>();
  private readonly analyses = new Map<string, AnalysisRecord>();
  private readonly settings = new Map<string, string>();
  private readonly activity = new MemoryActivityLog();
  private readonly attachments = new MemoryAttachments();
  private queue: QueuedAppend[] = [];
  private flushScheduled = false;
  private nextSeq = 1;
  private failingWrites = 0;
  private failingLoads = 0;
  private closed = false;
  /** Number of group-commit transactions run, so tests can see appends being batched. */
  commits = 0;

  /** Makes the next `count` write operations reject (Infinity: until `healWrites()`). */
  failWrites(count = Number.POSITIVE_INFINITY): void {
    this.failingWrites = count;
  }

  healWrites(): void {
    this.failingWrites = 0;
  }

  /** Makes the next `count` document loads reject. */
  failLoads(count = Number.POSITIVE_INFINITY): void {
    this.failingLoads = count;
  }

  /** Log rows currently stored for a document (tests inspect attribution and compaction). */
  logRows(name: string): readonly { readonly seq: number; readonly userId: string | null }[] {
    return (this.logs.get(name) ?? []).map(({ seq, userId }) => ({ seq, userId }));
  }

  async loadDocument(name: string): Promise<StoredDocument> {
    this.assertOpen();
    if (this.failingLoads > 0) {
      this.failingLoads -= 1;
      throw new AppError("store_unavailable", "injected load failure");
    }
    const snapshot = this.snapshots.get(name);
    const rows = this.logs.get(name) ?? [];
    // Copies: the caller owns what it loads (and may transfer it to a worker thread).
    const updates = [...(snapshot ? [snapshot.data] : []), ...rows.map((row) => row.data)].map((data) =>
      data.slice(),
    );
    const lastRow = rows[rows.length - 1];
    return {
      updates,
      lastSeq: lastRow?.seq ?? snapshot?.throughSeq ?? 0,
      logCount: rows.length,
      logBytes: rows.reduce((sum, row) => sum + row.data.byteLength, 0),
    };
  }

  appendUpdate(name: string, update: Uint8Array, meta: StoredUpdateMeta): Promise<number> {
    return new Promise((resolve, reject) => {
      if (this.closed) {
        reject(new AppError("store_unavailable", "store is closed"));
        return;
      }
      this.queue.push({ name, data: update.slice(), meta, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  async compact(name: string, snapshot: Uint8Array, throughSeq: number): Promise<void> {
    this.assertWritable();
    this.snapshots.set(name, { data: snapshot.slice(), throughSeq });
    this.logs.set(
      name,
      (this.logs.get(name) ?? []).filter((row) => row.seq > throughSeq),
    );
  }

  async listAnalyses(): Promise<AnalysisRecord[]> {
    this.assertOpen();
    return [...this.analyses.values()].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  async getAnalysis(id: string): Promise<AnalysisRecord | null> {
    this.assertOpen();
    return this.analyses.get(id) ?? null;
  }

  async createAnalysis(
    record: AnalysisRecord,
    documents: ReadonlyMap<string, Uint8Array>,
    meta: StoredUpdateMeta,
    members: readonly MemberRecord[] = [],
  ): Promise<void> {
    this.assertWritable();
    if (this.analyses.has(record.id)) {
      throw new AppError("conflict", `analysis ${record.id} already exists`);
    }
    this.analyses.set(record.id, record);
    for (const [name, data] of documents) this.pushRow(name, data, meta);
    for (const member of members)
      this.members.set(memberKey(member.analysisId, member.userId), { ...member });
  }

  async updateAnalysis(id: string, patch: AnalysisPatch): Promise<void> {
    this.assertWritable();
    const current = this.analyses.get(id);
    if (!current) throw notFound("analysis");
    this.analyses.set(id, {
      ...current,
      ...(patch.title !== undefined ? { title: patch.title } : {}),
      ...(patch.archived !== undefined ? { archived: patch.archived } : {}),
      updatedAt: new Date().toISOString(),
    });
  }

  async getSetting(key: string): Promise<string | null> {
    this.assertOpen();
    return this.settings.get(key) ?? null;
  }

  async setSetting(key: string, value: string): Promise<void> {
    this.assertWritable();
    this.settings.set(key, value);
  }

  async listDocuments(prefix: string): Promise<string[]> {
    this.assertOpen();
    const names = new Set<string>();
    for (const [name, rows] of this.logs) if (rows.length > 0 && name.startsWith(prefix)) names.add(name);
    for (const name of this.snapshots.keys()) if (name.startsWith(prefix)) names.add(name);
    return [...names].sort();
  }

  async documentSize(name: string): Promise<number> {
    this.assertOpen();
    const rows = this.logs.get(name) ?? [];
    const snapshot = this.snapshots.get(name);
    return rows.reduce((sum, row) => sum + row.data.byteLength, snapshot?.data.byteLength ?? 0);
  }

  async createUser(user: UserRecord): Promise<void> {
    this.assertWritable();
    if (await this.getUserByName(user.name)) {
      throw new AppError("conflict", `a user named "${user.name}" exists`);
    }
    this.users.set(user.id, user);
  }

  async getUser(id: string): Promise<UserRecord | null> {
    this.assertOpen();
    return this.users.get(id) ?? null;
  }

  async getUserByName(name: string): Promise<UserRecord | null> {
    this.assertOpen();
    const wanted = name.toLowerCase();
    return [...this.users.values()].find((u) => u.name.toLowerCase() === wanted) ?? null;
  }

  async listUsers(): Promise<UserRecord[]> {
    this.assertOpen();
    return [...this.users.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  async updateUser(id: string, patch: UserPatch): Promise<void> {
    this.assertWritable();
    const user = this.users.get(id);
    if (!user) throw notFound("user");
    this.users.set(id, { ...user, ...patch });
  }

  async createSession(session: SessionRecord): Promise<void> {
    this.assertWritable();
    this.sessions.set(session.idHash, session);
  }

  async getSession(idHash: string): Promise<SessionRecord | null> {
    this.assertOpen();
    return this.sessions.get(idHash) ?? null;
  }

  async deleteSession(idHash: string): Promise<void> {
    this.assertWritable();
    this.sessions.delete(idHash);
  }

  async deleteUserSessions(userId: string, exceptIdHash?: string): Promise<void> {
    this.assertWritable();
    for (const [key, session] of this.sessions) {
      if (session.userId === userId && key !== exceptIdHash) this.sessions.delete(key);
    }
  }

  async createToken(token: TokenRecord): Promise<void> {
    this.assertWritable();
    this.tokens.set(token.hash, token);
  }

  async getTokenByHash(hash: string): Promise<TokenRecord | null> {
    this.assertOpen();
    return this.tokens.get(hash) ?? null;
  }

  async listTokens(userId: string): Promise<TokenRecord[]> {
    this.assertOpen();
    return [...this.tokens.values()]
      .filter((t) => t.userId === userId)
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  async deleteToken(userId: string, tokenId: string): Promise<boolean> {
    this.assertWritable();
    for (const [hash, token] of this.tokens) {
      if (token.userId === userId && token.id === tokenId) return this.tokens.delete(hash);
    }
    return false;
  }

  async setMember(member: MemberRecord): Promise<void> {
    this.assertWritable();
    const key = memberKey(member.analysisId, member.userId);
    const existing = this.members.get(key);
    if (existing) this.members.set(key, { ...existing, role: member.role });
    else this.members.set(key, { ...member });
  }

  async removeMember(analysisId: string, userId: string): Promise<boolean> {
    this.assertWritable();
    return this.members.delete(memberKey(analysisId, userId));
  }

  async getMemberRole(analysisId: string, userId: string): Promise<Role | null> {
    this.assertOpen();
    return this.members.get(memberKey(analysisId, userId))?.role ?? null;
  }

  async listMembers(analysisId: string): Promise<MemberRecord[]> {
    this.assertOpen();
    return [...this.members.values()].filter((m) => m.analysisId === analysisId);
  }

  async listMemberships(userId: string): Promise<MemberRecord[]> {
    this.assertOpen();
    return [...this.members.values()].filter((m) => m.userId === userId);
  }

  async saveVersion(record: VersionRecord, documents: ReadonlyMap<string, Uint8Array>): Promise<void> {
    this.assertWritable();
    if (this.versions.has(record.id)) throw new AppError("conflict", `version ${record.id} already exists`);
    const copies = new Map([...documents].map(([doc, data]) => [doc, data.slice()]));
    this.versions.set(record.id, { record: { ...record }, documents: copies });
  }

  async listVersions(analysisId: string): Promise<VersionRecord[]> {
    this.assertOpen();
    return [...this.versions.values()]
      .map((v) => v.record)
      .filter((r) => r.analysisId === analysisId)
      .reverse()
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  async getVersion(id: string): Promise<StoredVersion | null> {
    this.assertOpen();
    return this.versions.get(id) ?? null;
  }

  saveAttachment(record: AttachmentRecord, bytes: Uint8Array, maxAnalysisBytes: number): Promise<void> {
    return this.attachments.saveAttachment(record, bytes, maxAnalysisBytes);
  }

  listAttachments(analysisId: string): Promise<AttachmentRecord[]> {
    return this.attachments.listAttachments(analysisId);
  }

  getAttachmentRecord(analysisId: string, id: string): Promise<AttachmentRecord | null> {
    return this.attachments.getAttachmentRecord(analysisId, id);
  }

  getAttachment(analysisId: string, id: string): Promise<StoredAttachment | null> {
    return this.attachments.getAttachment(analysisId, id);
  }

  deleteAttachment(analysisId: string, id: string): Promise<boolean> {
    return this.attachments.deleteAttachment(analysisId, id);
  }

  appendActivity(entries: readonly ActivityInput[]): Promise<void> {
    return this.activity.appendActivity(entries);
  }

  listActivity(analysisId: string, query: ActivityQuery): Promise<ActivityEntry[]> {
    return this.activity.listActivity(analysisId, query);
  }

  lastActivityAt(analysisId: string): Promise<string | null> {
    return this.activity.lastActivityAt(analysisId);
  }

  async close(): Promise<void> {
    this.flush();
    this.closed = true;
  }

  private flush(): void {
    this.flushScheduled = false;
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return;
    this.commits += 1;
    for (const item of batch) {
      if (this.takeWriteFailure()) {
        item.reject(new AppError("store_unavailable", "injected write failure"));
      } else {
        item.resolve(this.pushRow(item.name, item.data, item.meta));
      }
    }
  }

  private pushRow(name: string, data: Uint8Array, meta: StoredUpdateMeta): number {
    const seq = this.nextSeq++;
    const rows = this.logs.get(name) ?? [];
    rows.push({ seq, data, userId: meta.userId });
    this.logs.set(name, rows);
    return seq;
  }

  private takeWriteFailure(): boolean {
    if (this.failingWrites <= 0) return false;
    this.failingWrites -= 1;
    return true;
  }

  private assertOpen(): void {
    if (this.closed) throw new AppError("store_unavailable", "store is closed");
  }

  private assertWritable(): void {
    this.assertOpen();
    if (this.takeWriteFailure()) throw new AppError("store_unavailable", "injected write failure");
  }
}
