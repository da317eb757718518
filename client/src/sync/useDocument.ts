/**
 * React's way into the document pool: hooks that hold a reference to pooled documents while the
 * component is mounted and re-render it when their link state changes (useSyncExternalStore), so
 * no component reads a Y.Doc without a subscription. What is inside a document is read with the
 * selector hooks (useYValue, useYSelector), which subscribe to the Yjs types they read.
 */
import { useEffect, useMemo, useReducer, useRef, useSyncExternalStore } from "react";
import type { WebsocketProvider } from "y-websocket";
import type { LinkSnapshot, OpenOptions, PooledDocument } from "./DocumentPool";
import { documentPool } from "./tabPool";

export type SyncedDocument = PooledDocument<WebsocketProvider>;

/**
 * Holds references to the pooled documents `names` (opened at first render, so their Y.Docs exist
 * at once) and returns them with their link states; re-renders when any link state changes.
 */
export interface LinkedDocuments {
  /** The same array while `names` and the entries stay the same (safe as an effect dependency). */
  readonly entries: readonly SyncedDocument[];
  /** Each entry's link state, in the same order; a new array when one changes. */
  readonly links: readonly LinkSnapshot[];
}

export function useDocuments(names: readonly string[], options: OpenOptions = {}): LinkedDocuments {
  const pool = documentPool();
  const key = names.join("\n");
  const persist = options.persist === true;
  const [generation, revive] = useReducer((n: number) => n + 1, 0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for `names`; `generation` reopens collected entries.
  const entries = useMemo(
    () => names.map((name) => pool.open(name, { persist })),
    [pool, key, persist, generation],
  );

  useEffect(() => {
    const held = entries.map((entry) => pool.retain(entry.name, { persist }));
    // An entry collected between render and commit (a render left pending past the release delay)
    // was opened again by retain: render with the new one.
    if (held.some((h, i) => h.entry !== entries[i])) revive();
    return () => {
      for (const h of held) h.release();
    };
  }, [pool, entries, persist]);

  const cache = useRef<readonly LinkSnapshot[]>([]);
  const subscribe = useMemo(
    () => (f: () => void) => {
      const offs = entries.map((entry) => entry.subscribe(f));
      return () => {
        for (const off of offs) off();
      };
    },
    [entries],
  );
  const getSnapshot = (): readonly LinkSnapshot[] => {
    const links = entries.map((entry) => entry.getSnapshot());
    const c = cache.current;
    if (c.length === links.length && c.every((l, i) => l === links[i])) return c;
    cache.current = links;
    return links;
  };
  const links = useSyncExternalStore(subscribe, getSnapshot);
  return useMemo(() => ({ entries, links }), [entries, links]);
}

/** One pooled document and its link state (see useDocuments). */
export function useDocument(
  name: string,
  options: OpenOptions = {},
): { readonly entry: SyncedDocument; readonly link: LinkSnapshot } {
  const names = useMemo(() => [name], [name]);
  const { entries, links } = useDocuments(names, options);
  const [entry] = entries;
  const [link] = links;
  if (!entry || !link) throw new Error("useDocuments returned nothing for one name");
  return { entry, link };
}

/** Names of the documents the analysis's prefetched bundle held; re-renders when a bundle arrives. */
export function useBundledNames(analysisId: string): readonly string[] {
  const pool = documentPool();
  return useSyncExternalStore(pool.subscribeBundles, () => pool.bundledNames(analysisId));
}
