import { afterEach, describe, expect, it, vi } from "vitest";
import * as Y from "yjs";
import { type DocumentLinks, DocumentPool, type SyncProvider } from "../../client/src/sync/DocumentPool";

class FakeProvider implements SyncProvider {
  wsconnected = false;
  synced = false;
  connects = 0;
  destroyed = false;
  private readonly handlers = new Map<string, Set<() => void>>();
  constructor(readonly name: string) {}
  connect(): void {
    this.connects++;
    this.wsconnected = true;
    this.emit("status");
  }
  disconnect(): void {
    this.wsconnected = false;
    this.synced = false;
    this.emit("status");
  }
  destroy(): void {
    this.destroyed = true;
  }
  on(event: string, f: () => void): void {
    const set = this.handlers.get(event) ?? new Set();
    set.add(f);
    this.handlers.set(event, set);
  }
  off(event: string, f: () => void): void {
    this.handlers.get(event)?.delete(f);
  }
  emit(event: string): void {
    for (const f of this.handlers.get(event) ?? []) f();
  }
}

function makePool(options: { releaseDelayMs?: number; prefillTimeoutMs?: number } = {}) {
  const providers: FakeProvider[] = [];
  const locals: string[] = [];
  const cleared: string[] = [];
  const links: DocumentLinks<FakeProvider> = {
    provider: (name) => {
      const p = new FakeProvider(name);
      providers.push(p);
      return p;
    },
    local: (name) => {
      locals.push(name);
      return { destroy: () => undefined };
    },
    clearLocal: (name) => {
      cleared.push(name);
    },
  };
  return { pool: new DocumentPool(links, { releaseDelayMs: 50, ...options }), providers, locals, cleared };
}

const stateWith = (key: string, value: string): Uint8Array => {
  const doc = new Y.Doc();
  doc.getMap("m").set(key, value);
  return Y.encodeStateAsUpdate(doc);
};

afterEach(() => {
  vi.useRealTimers();
});

describe("DocumentPool", () => {
  it("keeps one Y.Doc and one provider per document name however many users hold it", () => {
    const { pool, providers } = makePool();
    const a = pool.retain("an1");
    const b = pool.retain("an1");
    expect(b.entry).toBe(a.entry);
    expect(pool.open("an1").doc).toBe(a.entry.doc);
    expect(providers).toHaveLength(1);
    expect(providers[0]?.connects).toBe(1);
    pool.retain("an1/lead");
    expect(providers.map((p) => p.name)).toEqual(["an1", "an1/lead"]);
    pool.destroy();
  });

  it("destroys a document only after its last user released it and the delay passed", () => {
    vi.useFakeTimers();
    const { pool, providers } = makePool();
    const a = pool.retain("an1");
    const b = pool.retain("an1");
    a.release();
    a.release(); // a second release of the same reference changes nothing
    vi.advanceTimersByTime(100);
    expect(pool.size).toBe(1);
    b.release();
    vi.advanceTimersByTime(49);
    expect(pool.size).toBe(1);
    vi.advanceTimersByTime(1);
    expect(pool.size).toBe(0);
    expect(providers[0]?.destroyed).toBe(true);
  });

  it("keeps the same document through an unmount and remount within the delay (React StrictMode)", () => {
    vi.useFakeTimers();
    const { pool, providers } = makePool();
    const first = pool.retain("an1");
    first.release();
    const again = pool.retain("an1");
    vi.advanceTimersByTime(1_000);
    expect(again.entry).toBe(first.entry);
    expect(providers).toHaveLength(1);
    expect(pool.size).toBe(1);
    again.release();
    vi.advanceTimersByTime(1_000);
    expect(pool.size).toBe(0);
  });

  it("collects a document opened in a render that never committed", () => {
    vi.useFakeTimers();
    const { pool } = makePool();
    pool.open("an1");
    vi.advanceTimersByTime(60);
    expect(pool.size).toBe(0);
  });

  it("adds a local copy once, when a user asks for one", () => {
    const { pool, locals } = makePool();
    pool.retain("an1/ratings/u2");
    pool.retain("an1/ratings/u2", { persist: true });
    pool.retain("an1/ratings/u2", { persist: true });
    expect(locals).toEqual(["an1/ratings/u2"]);
    pool.destroy();
  });

  it("applies a prefetched bundle before the analysis's providers connect, and keeps states for documents not open yet", async () => {
    const { pool, providers } = makePool();
    let deliver: (docs: { name: string; state: Uint8Array }[]) => void = () => undefined;
    pool.prefill("an1", () => new Promise((resolve) => (deliver = resolve)));
    const content = pool.retain("an1");
    expect(providers[0]?.connects).toBe(0);
    deliver([
      { name: "an1", state: stateWith("title", "Raid") },
      { name: "an1/ratings/u2", state: stateWith("e1:h1", "C") },
      { name: "other/lead", state: stateWith("x", "y") },
    ]);
    await vi.waitFor(() => expect(providers[0]?.connects).toBe(1));
    expect(content.entry.doc.getMap("m").get("title")).toBe("Raid");
    expect(content.entry.getSnapshot().loaded).toBe(true);
    expect(pool.bundledNames("an1")).toContain("an1/ratings/u2");
    const later = pool.retain("an1/ratings/u2");
    expect(later.entry.doc.getMap("m").get("e1:h1")).toBe("C");
    expect(pool.peek("other/lead")).toBeUndefined();
    pool.destroy();
  });

  it("uses a bundle fetched before any document opened instead of fetching it again", async () => {
    const { pool, providers } = makePool();
    let fetches = 0;
    const fetchBundle = async () => {
      fetches++;
      return [{ name: "an1", state: stateWith("title", "Raid") }];
    };
    pool.prefill("an1", fetchBundle);
    await vi.waitFor(() => expect(pool.bundledNames("an1")).toEqual(["an1"]));
    pool.prefill("an1", fetchBundle);
    const content = pool.retain("an1");
    expect(fetches).toBe(1);
    expect(content.entry.doc.getMap("m").get("title")).toBe("Raid");
    expect(content.entry.getSnapshot().loaded).toBe(true);
    await vi.waitFor(() => expect(providers[0]?.connects).toBe(1));
    pool.destroy();
  });

  it("applies a stashed state before the document's provider is made", async () => {
    const seen: unknown[] = [];
    const pool = new DocumentPool<FakeProvider>({
      provider: (name, doc) => {
        seen.push(doc.getMap("m").get("e1:h1"));
        return new FakeProvider(name);
      },
      local: () => ({ destroy: () => undefined }),
      clearLocal: () => undefined,
    });
    pool.prefill("an1", async () => [{ name: "an1/ratings/u2", state: stateWith("e1:h1", "C") }]);
    await vi.waitFor(() => expect(pool.bundledNames("an1")).toHaveLength(1));
    pool.retain("an1/ratings/u2");
    expect(seen).toEqual(["C"]);
    pool.destroy();
  });

  it("connects anyway when the prefetch fails or takes too long", async () => {
    const { pool, providers } = makePool({ prefillTimeoutMs: 20 });
    pool.prefill("an1", () => Promise.reject(new Error("offline")));
    pool.retain("an1");
    await vi.waitFor(() => expect(providers[0]?.connects).toBe(1));
    pool.prefill("an2", () => new Promise(() => undefined));
    pool.retain("an2");
    await vi.waitFor(() => expect(providers[1]?.connects).toBe(1));
    pool.destroy();
  });

  it("discards an unused document at once with its prefetched state and local copy", () => {
    const { pool, providers, cleared } = makePool();
    const held = pool.retain("an1/ratings/u2");
    held.release();
    pool.discard("an1/ratings/u2");
    expect(pool.size).toBe(0);
    expect(providers[0]?.destroyed).toBe(true);
    expect(cleared).toEqual(["an1/ratings/u2"]);
  });

  it("never reconnects a document the server closed for good", () => {
    const { pool, providers } = makePool();
    pool.retain("an1");
    pool.closeForGood("an1");
    pool.setOnline(false);
    pool.setOnline(true);
    expect(providers[0]?.connects).toBe(1);
    expect(providers[0]?.wsconnected).toBe(false);
    pool.destroy();
  });

  it("reconnects a source's text the server refused (4404) once its content document holds the source again", () => {
    const { pool, providers } = makePool();
    const text = pool.retain("an1/source/s1");
    const byName = (name: string) => providers.find((p) => p.name === name) as FakeProvider;
    const content = byName("an1");
    const source = byName("an1/source/s1");
    content.synced = true;
    content.emit("sync");
    expect(source.connects).toBe(1);
    // Refused with 4404 (the source was deleted): y-websocket does not reconnect after a fatal code.
    source.disconnect();
    const contentDoc = pool.peek("an1")?.doc as Y.Doc;
    contentDoc.getMap("sources").set("s2", new Y.Map());
    expect(source.connects).toBe(1);
    // A restore, or another member's sync, brings the source back.
    contentDoc.getMap("sources").set("s1", new Y.Map());
    expect(source.connects).toBe(2);
    text.release();
    pool.destroy();
  });

  it("connects a source's text only while its content document is synced, and holds the content document meanwhile", () => {
    vi.useFakeTimers();
    const { pool, providers } = makePool();
    const text = pool.retain("an1/source/s1");
    const byName = (name: string) => providers.find((p) => p.name === name) as FakeProvider;
    const content = byName("an1");
    const source = byName("an1/source/s1");
    // The content document opens with the text and connects; the text waits for its sync.
    expect(content.connects).toBe(1);
    expect(source.connects).toBe(0);
    content.synced = true;
    content.emit("sync");
    expect(source.connects).toBe(1);
    expect(source.wsconnected).toBe(true);
    // Offline, then back: the text reconnects only after the content document synced again.
    pool.setOnline(false);
    pool.setOnline(true);
    expect(content.connects).toBe(2);
    expect(source.wsconnected).toBe(false);
    content.synced = true;
    content.emit("sync");
    expect(source.connects).toBe(2);
    // The content socket dropping on its own takes the text down with it.
    content.disconnect();
    expect(source.wsconnected).toBe(false);
    text.release();
    vi.advanceTimersByTime(60);
    expect(source.destroyed).toBe(true);
    vi.advanceTimersByTime(60);
    expect(content.destroyed).toBe(true);
    expect(pool.size).toBe(0);
  });

  it("tells subscribers when a document's link state changes, with a new snapshot", () => {
    const { pool, providers } = makePool();
    const { entry } = pool.retain("an1");
    const seen: boolean[] = [];
    const off = entry.subscribe(() => seen.push(entry.getSnapshot().synced));
    const before = entry.getSnapshot();
    const provider = providers[0] as FakeProvider;
    provider.synced = true;
    provider.emit("sync");
    expect(seen).toEqual([true]);
    expect(entry.getSnapshot()).not.toBe(before);
    expect(entry.getSnapshot().everSynced).toBe(true);
    expect(entry.getSnapshot().loaded).toBe(true);
    off();
    pool.destroy();
  });
});

describe("DocumentPool prefetched states", () => {
  it("drops states prefetched for an analysis once its last document is gone", async () => {
    vi.useFakeTimers();
    const { pool } = makePool();
    pool.prefill("an1", async () => [
      { name: "an1", state: stateWith("title", "Raid") },
      { name: "an1/ratings/u2", state: stateWith("e1:h1", "C") },
    ]);
    const content = pool.retain("an1");
    await vi.advanceTimersByTimeAsync(0);
    expect(pool.bundledNames("an1")).toHaveLength(2);
    content.release();
    await vi.advanceTimersByTimeAsync(100);
    expect(pool.size).toBe(0);
    expect(pool.bundledNames("an1")).toEqual([]);
    expect(pool.open("an1/ratings/u2").doc.getMap("m").size).toBe(0);
    pool.destroy();
  });
});
