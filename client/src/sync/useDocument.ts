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
export function useDocuments(
  names: readonly string[],
  options: OpenOptions = {},
): readonly { readonly entry: SyncedDocument; readonly link: LinkSnapshot }[] {
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

  const cache = useRef<{ links: readonly LinkSnapshot[]; value: ReturnType<typeof useDocuments> } | null>(
    null,
  );
  const subscribe = useMemo(
    () => (f: () => void) => {
      const offs = entries.map((entry) => entry.subscribe(f));
      return () => {
        for (const off of offs) off();
      };
    },
    [entries],
  );
  const getSnapshot = (): ReturnType<typeof useDocuments> => {
    const links = entries.map((entry) => entry.getSnapshot());
    const c = cache.current;
    if (
      c &&
      c.value.length === entries.length &&
      c.value.every((v, i) => v.entry === entries[i]) &&
      c.links.every((l, i) => l === links[i])
    ) {
      return c.value;
    }
    const value = entries.map((entry, i) => ({ entry, link: links[i] as LinkSnapshot }));
    cache.current = { links, value };
    return value;
  };
  return useSyncExternalStore(subscribe, getSnapshot);
}

/** One pooled document and its link state (see useDocuments). */
export function useDocument(
  name: string,
  options: OpenOptions = {},
): { readonly entry: SyncedDocument; readonly link: LinkSnapshot } {
  const names = useMemo(() => [name], [name]);
  const [one] = useDocuments(names, options);
  if (!one) throw new Error("useDocuments returned nothing for one name");
  return one;
}

/** Names of the documents the analysis's prefetched bundle held; re-renders when a bundle arrives. */
export function useBundledNames(analysisId: string): readonly string[] {
  const pool = documentPool();
  return useSyncExternalStore(pool.subscribeBundles, () => pool.bundledNames(analysisId));
}
