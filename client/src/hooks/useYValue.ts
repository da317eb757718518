/** Subscribe a component to Yjs types: re-render when they (or anything inside them) change. */
import { useCallback, useRef, useSyncExternalStore } from "react";

/** The part of a Yjs shared type these hooks need (Y.Map, Y.Array, Y.XmlFragment all fit). */
export interface DeepObservable {
  observeDeep(f: () => void): void;
  unobserveDeep(f: () => void): void;
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
  const cache = useRef<{ version: number; types: readonly DeepObservable[]; read: () => R; value: R } | null>(
    null,
  );

  const subscribe = useCallback(
    (onChange: () => void) => {
      const handler = (): void => {
        version.current++;
        onChange();
      };
      for (const type of observed) type.observeDeep(handler);
      return () => {
        for (const type of observed) type.unobserveDeep(handler);
      };
    },
    [observed],
  );

  const getSnapshot = (): R => {
    const c = cache.current;
    if (c && c.version === version.current && c.types === observed && c.read === read) return c.value;
    const value = read();
    cache.current = { version: version.current, types: observed, read, value };
    return value;
  };

  return useSyncExternalStore(subscribe, getSnapshot);
}

/** `selector(type)` over one type (see useYSelector); a new selector recomputes. */
export function useYValue<T extends DeepObservable, R>(type: T, selector: (type: T) => R): R {
  const read = useCallback(() => selector(type), [selector, type]);
  return useYSelector([type], read);
}
