/** Subscribe a component to a Yjs type: re-render when it (or anything inside it) changes. */
import { useCallback, useRef, useSyncExternalStore } from "react";

/** The part of a Yjs shared type this hook needs (Y.Map, Y.Array, Y.XmlFragment all fit). */
export interface DeepObservable {
  observeDeep(f: () => void): void;
  unobserveDeep(f: () => void): void;
}

/**
 * `selector(type)` recomputed only after a change to `type` or when a new selector is passed, so the
 * snapshot is referentially stable between changes (useSyncExternalStore requires it).
 */
export function useYValue<T extends DeepObservable, R>(type: T, selector: (type: T) => R): R {
  const version = useRef(0);
  const cache = useRef<{ version: number; type: T; selector: (type: T) => R; value: R } | null>(null);

  const subscribe = useCallback(
    (onChange: () => void) => {
      const handler = (): void => {
        version.current++;
        onChange();
      };
      type.observeDeep(handler);
      return () => type.unobserveDeep(handler);
    },
    [type],
  );

  const getSnapshot = (): R => {
    const c = cache.current;
    if (c && c.version === version.current && c.type === type && c.selector === selector) return c.value;
    const value = selector(type);
    cache.current = { version: version.current, type, selector, value };
    return value;
  };

  return useSyncExternalStore(subscribe, getSnapshot);
}
