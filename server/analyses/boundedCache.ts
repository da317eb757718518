/** Caches of per-analysis results stay bounded: the oldest entry leaves first. */

const MAX_CACHED = 2_000;

/** Sets `key` in `map` as its newest entry, dropping the oldest beyond `max` entries. */
export function remember<V>(map: Map<string, V>, key: string, value: V, max = MAX_CACHED): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > max) {
    const oldest = map.keys().next().value;
    if (oldest !== undefined) map.delete(oldest);
  }
}
