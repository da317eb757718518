/** Subscribe a component to Yjs types: re-render when they (or anything inside them) change. */
import { useCallback, useRef, useSyncExternalStore } from "react";
import type * as Y from "yjs";

/** The part of a Yjs shared type these hooks need (Y.Map, Y.Array, Y.XmlFragment all fit). */
export interface DeepObservable {
  readonly doc: Y.Doc | null;
  observeDeep(f: () => void): void;
  unobserveDeep(f: () => void): void;
}

/** Transactions of each document since one of its types was first read here. */
const transactions = new WeakMap<Y.Doc, { count: number }>();

/**
 * A stamp that moves with every transaction on the documents of `types`: a change that lands
 * between a render's read and the subscription (a prefetched bundle applied meanwhile) is then
 * seen when the subscription starts, without re-reading when nothing happened.
 */
export function transactionStamp(types: readonly DeepObservable[]): number {
  let stamp = 0;
  for (const { doc } of types) {
    if (!doc) continue;
    let seen = transactions.get(doc);
    if (!seen) {
      const counter = { count: 0 };
      doc.on("afterTransaction", () => {
        counter.count++;
      });
      transactions.set(doc, counter);
      seen = counter;
    }
    stamp += seen.count;
  }
  return stamp;
}

const sameTypes = (a: readonly DeepObservable[], b: readonly DeepObservable[]): boolean =>
  a.length === b.length && a.every((t, i) => t === b[i]);

/**
 * `read()` recomputed only after a change to one of `types` or when a new `read` or another list
 * of types is passed, so the snapshot is referentially stable between changes (as
 * useSyncExternalStore requires). `types` may be a new array each render: it is compared by item.
 */
export function useYSelector<R>(types: readonly DeepObservable[], read: () => R): R {
  const version = useRef(0);
  const stable = useRef(types);
  if (!sameTypes(stable.current, types)) stable.current = types;
  const observed = stable.current;
  const cache = useRef<{
    version: number;
    stamp: number;
    types: readonly DeepObservable[];
    read: () => R;
    value: R;
  } | null>(null);

  const subscribe = useCallback(
    (onChange: () => void) => {
      const handler = (): void => {
        version.current++;
        onChange();
      };
      for (const type of observed) type.observeDeep(handler);
      // Changed since the render read it: React's check right after subscribing then re-reads.
      if (cache.current && cache.current.stamp !== transactionStamp(observed)) version.current++;
      return () => {
        for (const type of observed) type.unobserveDeep(handler);
      };
    },
    [observed],
  );

  const getSnapshot = (): R => {
    const c = cache.current;
    if (c && c.version === version.current && c.types === observed && c.read === read) return c.value;
    const stamp = transactionStamp(observed);
    const value = read();
    cache.current = { version: version.current, stamp, types: observed, read, value };
    return value;
  };

  return useSyncExternalStore(subscribe, getSnapshot);
}

/** `selector(type)` over one type (see useYSelector); a new selector recomputes. */
export function useYValue<T extends DeepObservable, R>(type: T, selector: (type: T) => R): R {
  const read = useCallback(() => selector(type), [selector, type]);
  return useYSelector([type], read);
}
