/**
 * The one owner of every synced Yjs document in a tab. Each document name gets exactly one Y.Doc,
 * one sync provider and (when asked) one local IndexedDB copy, however many components and hooks
 * use it; users `retain` an entry and release it, and an entry nobody retains is destroyed after a
 * short delay — long enough that React StrictMode's unmount/remount, or a page change to another
 * view of the same analysis, keeps the same document and socket.
 *
 * Cold start: `prefill` fetches the states of every document of an analysis the caller may read in
 * one request (`GET /api/analyses/:id/documents`) and applies them before that analysis's
 * providers connect, so the first sync exchange only carries what changed since. A state that
 * arrives for a document nobody has opened yet is kept until it is opened (or discarded).
 *
 * A source's text connects only while its analysis's content document is synced: the server opens
 * the text of a source its content document holds, and a source created offline reaches the server
 * with that content document's sync (see `gateOnContent`).
 *
 * No React here: hooks in ./useDocument.ts subscribe to entries with useSyncExternalStore.
 */
import * as Y from "yjs";
import { contentDocName, parseDocumentName } from "../../../shared/documentNames";
import { hasSource, sourcesMap } from "../../../shared/schema/sources";

/** What the pool needs of a sync provider (y-websocket's WebsocketProvider fits). */
export interface SyncProvider {
  readonly wsconnected: boolean;
  readonly synced: boolean;
  connect(): void;
  disconnect(): void;
  destroy(): void;
  on(event: "status" | "sync", f: () => void): void;
  off(event: "status" | "sync", f: () => void): void;
}

/** What the pool needs of a local copy (y-indexeddb's IndexeddbPersistence fits). */
export interface LocalCopy {
  destroy(): Promise<void> | void;
}

/** How entries get their provider and local copy: y-websocket and y-indexeddb in the app, fakes in tests. */
export interface DocumentLinks<P extends SyncProvider> {
  /** A provider for `name` that does not connect until `connect()` is called. */
  provider(name: string, doc: Y.Doc): P;
  local(name: string, doc: Y.Doc): LocalCopy;
  /** Deletes the local copy of a document nobody has open (blind rating: nothing of it stays on disk). */
  clearLocal(name: string): Promise<void> | void;
}

/** An entry's link state; a new object whenever it changes (a useSyncExternalStore snapshot). */
export interface LinkSnapshot {
  readonly connected: boolean;
  readonly synced: boolean;
  /** True once the document has synced with the server at least once. */
  readonly everSynced: boolean;
  /** True once it holds the server's state, from a sync or a prefetched bundle. */
  readonly loaded: boolean;
}

/** Origin of the updates applied from a prefetched bundle: the server's state, not a local edit. */
export const BUNDLE_ORIGIN = Symbol("document bundle");

export class PooledDocument<P extends SyncProvider = SyncProvider> {
  readonly doc = new Y.Doc();
  readonly provider: P;
  local: LocalCopy | null = null;
  refs = 0;
  destroyed = false;
  /** The server closed it for good (no access, signed out): never reconnected. */
  closedForGood = false;
  private snapshot: LinkSnapshot = { connected: false, synced: false, everSynced: false, loaded: false };
  private readonly listeners = new Set<() => void>();

  /**
   * `state`: the server's state from a prefetched bundle, applied before the provider listens to the
   * document, so applying it does not also encode it as an update for the provider to send.
   */
  constructor(
    readonly name: string,
    links: DocumentLinks<P>,
    state?: Uint8Array,
  ) {
    if (state) {
      Y.applyUpdate(this.doc, state, BUNDLE_ORIGIN);
      this.snapshot = { ...this.snapshot, loaded: true };
    }
    this.provider = links.provider(name, this.doc);
    const refresh = (): void => {
      const connected = this.provider.wsconnected;
      const synced = connected && this.provider.synced;
      const prev = this.snapshot;
      if (prev.connected === connected && prev.synced === synced) return;
      this.snapshot = {
        connected,
        synced,
        everSynced: prev.everSynced || synced,
        loaded: prev.loaded || synced,
      };
      this.emit();
    };
    this.provider.on("status", refresh);
    this.provider.on("sync", refresh);
  }

  /** For useSyncExternalStore: called whenever the link state changes. */
  readonly subscribe = (f: () => void): (() => void) => {
    this.listeners.add(f);
    return () => this.listeners.delete(f);
  };

  readonly getSnapshot = (): LinkSnapshot => this.snapshot;

  /** Applies the server's state from a prefetched bundle. */
  applyServerState(state: Uint8Array): void {
    Y.applyUpdate(this.doc, state, BUNDLE_ORIGIN);
    if (this.snapshot.loaded) return;
    this.snapshot = { ...this.snapshot, loaded: true };
    this.emit();
  }

  private emit(): void {
    for (const f of this.listeners) f();
  }

  destroy(): void {
    this.destroyed = true;
    this.listeners.clear();
    this.provider.destroy();
    void this.local?.destroy();
    this.doc.destroy();
  }
}

export interface DocumentPoolOptions {
  /** How long an entry nobody retains lives on (default 2 s). */
  readonly releaseDelayMs?: number;
  /** Longest wait for a prefill before providers connect anyway (default 4 s). */
  readonly prefillTimeoutMs?: number;
}

export interface OpenOptions {
  /** Keep a local IndexedDB copy (documents I edit; never other people's ratings). */
  readonly persist?: boolean;
}

export class DocumentPool<P extends SyncProvider = SyncProvider> {
  private readonly entries = new Map<string, PooledDocument<P>>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  /** Prefill per analysis: settles once its bundle was applied, failed or timed out. */
  private readonly prefills = new Map<string, Promise<void>>();
  /** States from a bundle for documents not open yet. */
  private readonly stash = new Map<string, Uint8Array>();
  /** Source texts: stops following (and releases) the content document each one waits for. */
  private readonly gates = new Map<string, () => void>();
  /** Names each analysis's last bundle held (who has ratings I may read), for the team hooks. */
  private readonly bundled = new Map<string, readonly string[]>();
  private readonly bundleListeners = new Set<() => void>();
  private readonly releaseDelayMs: number;
  private readonly prefillTimeoutMs: number;
  private online = true;

  constructor(
    private readonly links: DocumentLinks<P>,
    options: DocumentPoolOptions = {},
  ) {
    this.releaseDelayMs = options.releaseDelayMs ?? 2_000;
    this.prefillTimeoutMs = options.prefillTimeoutMs ?? 4_000;
  }

  /**
   * The entry for `name`, created on first ask (unretained: collected after the delay unless
   * someone retains it). Safe to call during render: it is idempotent.
   */
  open(name: string, options: OpenOptions = {}): PooledDocument<P> {
    let entry = this.entries.get(name);
    if (!entry) {
      const state = this.stash.get(name);
      this.stash.delete(name);
      entry = new PooledDocument(name, this.links, state);
      this.entries.set(name, entry);
      if (parseDocumentName(name).kind === "source") this.gateOnContent(entry);
      this.connectWhenReady(entry);
      if (entry.refs === 0) this.scheduleCollect(name);
    }
    if (options.persist && !entry.local) entry.local = this.links.local(name, entry.doc);
    return entry;
  }

  /** Takes a reference to `name`'s entry (opening it if needed); call the returned function to release it. */
  retain(name: string, options: OpenOptions = {}): { entry: PooledDocument<P>; release: () => void } {
    const entry = this.open(name, options);
    entry.refs++;
    this.cancelCollect(name);
    let released = false;
    return {
      entry,
      release: () => {
        if (released) return;
        released = true;
        entry.refs--;
        if (entry.refs > 0 || this.entries.get(name) !== entry) return;
        // A document closed for good is not worth keeping: the next user opens it afresh.
        if (entry.closedForGood) this.collect(name);
        else this.scheduleCollect(name);
      },
    };
  }

  /** The live entry for `name`, if any (never opens one). */
  peek(name: string): PooledDocument<P> | undefined {
    return this.entries.get(name);
  }

  /**
   * Forgets `name` at once when nobody retains it: its entry, any prefetched state, and its local
   * copy. What blind rating asks for other people's ratings.
   */
  discard(name: string): void {
    this.stash.delete(name);
    const entry = this.entries.get(name);
    if (entry && entry.refs > 0) return;
    if (entry) this.collect(name);
    void this.links.clearLocal(name);
  }

  /**
   * Fetches (with `fetchBundle`) and applies the states of an analysis's documents; the analysis's
   * providers connect once it settles (or after the timeout). Skipped while its content document is
   * already open (its live providers keep it current) and while the states of an earlier prefill wait
   * in the stash to be opened (one started before the page rendered).
   */
  prefill(
    analysisId: string,
    fetchBundle: () => Promise<readonly { readonly name: string; readonly state: Uint8Array }[]>,
  ): void {
    if (this.prefills.has(analysisId) || this.entries.has(analysisId) || this.bundled.has(analysisId)) return;
    const applied = fetchBundle().then(
      (documents) => {
        for (const { name, state } of documents) {
          if (parseDocumentName(name).analysisId !== analysisId) continue;
          const entry = this.entries.get(name);
          if (entry) entry.applyServerState(state);
          else this.stash.set(name, state);
        }
        this.bundled.set(
          analysisId,
          documents.map((d) => d.name),
        );
        for (const f of this.bundleListeners) f();
      },
      () => {
        // Sync brings the same states, one document at a time.
      },
    );
    const timeout = new Promise<void>((resolve) => setTimeout(resolve, this.prefillTimeoutMs));
    this.prefills.set(
      analysisId,
      Promise.race([applied, timeout]).finally(() => this.prefills.delete(analysisId)),
    );
  }

  /** Document names of the analysis's last bundle (empty before one arrived). */
  bundledNames(analysisId: string): readonly string[] {
    return this.bundled.get(analysisId) ?? NONE;
  }

  readonly subscribeBundles = (f: () => void): (() => void) => {
    this.bundleListeners.add(f);
    return () => this.bundleListeners.delete(f);
  };

  /** The browser went offline: drop every socket at once rather than wait for them to time out. */
  setOnline(online: boolean): void {
    this.online = online;
    for (const entry of this.entries.values()) {
      if (online) this.connectWhenReady(entry);
      else entry.provider.disconnect();
    }
  }

  /** Number of live entries (tests and diagnostics). */
  get size(): number {
    return this.entries.size;
  }

  /** Destroys every entry (tests; a signed-out tab). */
  destroy(): void {
    for (const [name, entry] of [...this.entries]) {
      entry.refs = 0;
      this.collect(name);
    }
    this.stash.clear();
    this.bundled.clear();
  }

  /** The server refused `name` for good: stop its provider and never reconnect it. */
  closeForGood(name: string): void {
    const entry = this.entries.get(name);
    if (!entry) return;
    entry.closedForGood = true;
    entry.provider.disconnect();
  }

  private connectWhenReady(entry: PooledDocument<P>): void {
    const { analysisId } = parseDocumentName(entry.name);
    const content = this.gates.has(entry.name) ? this.entries.get(contentDocName(analysisId)) : undefined;
    const connect = (): void => {
      if (entry.destroyed || entry.closedForGood || !this.online) return;
      if (content === undefined || content.getSnapshot().synced) entry.provider.connect();
    };
    const prefill = this.prefills.get(analysisId);
    if (prefill) void prefill.then(connect);
    else connect();
  }

  /**
   * Holds the content document of a source's text and follows its link: the text connects once the
   * content document has synced (by then the client has sent it the sources it created offline, so
   * the server knows this one) and disconnects while it is away, so a reconnect never opens the text
   * first and gets it refused. A text the server refused (4404: its source was deleted, so the
   * provider stopped reconnecting) connects again when the content document holds its source again
   * (a restore, or a member's sync, brought it back).
   */
  private gateOnContent(entry: PooledDocument<P>): void {
    const parsed = parseDocumentName(entry.name);
    const held = this.retain(contentDocName(parsed.analysisId));
    const follow = (): void => {
      const link = held.entry.getSnapshot();
      if (link.synced) this.connectWhenReady(entry);
      else if (!link.connected && !entry.destroyed) entry.provider.disconnect();
    };
    const unsubscribe = held.entry.subscribe(follow);
    const sources = sourcesMap(held.entry.doc);
    const onSources = (event: { readonly keysChanged: ReadonlySet<string> }): void => {
      if (parsed.kind !== "source" || !event.keysChanged.has(parsed.sourceId)) return;
      if (hasSource(held.entry.doc, parsed.sourceId) && !entry.getSnapshot().connected) follow();
    };
    sources.observe(onSources);
    this.gates.set(entry.name, () => {
      unsubscribe();
      sources.unobserve(onSources);
      held.release();
    });
  }

  private scheduleCollect(name: string): void {
    this.cancelCollect(name);
    this.timers.set(
      name,
      setTimeout(() => {
        this.timers.delete(name);
        if (this.entries.get(name)?.refs === 0) this.collect(name);
      }, this.releaseDelayMs),
    );
  }

  private cancelCollect(name: string): void {
    const timer = this.timers.get(name);
    if (timer !== undefined) clearTimeout(timer);
    this.timers.delete(name);
  }

  private collect(name: string): void {
    this.cancelCollect(name);
    const entry = this.entries.get(name);
    if (!entry) return;
    if (entry.refs > 0) throw new Error(`document ${name} is still in use`);
    this.entries.delete(name);
    entry.destroy();
    this.gates.get(name)?.();
    this.gates.delete(name);
    // The last document of an analysis gone: so are the states prefetched for it.
    const { analysisId } = parseDocumentName(name);
    const open = (other: string): boolean => parseDocumentName(other).analysisId === analysisId;
    if ([...this.entries.keys()].some(open)) return;
    for (const stashed of [...this.stash.keys()]) if (open(stashed)) this.stash.delete(stashed);
    this.bundled.delete(analysisId);
  }
}

const NONE: readonly string[] = [];
