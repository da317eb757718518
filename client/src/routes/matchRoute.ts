/** Route params by name, e.g. `{ id: "a1" }` for `/a/:id` against `/a/a1`. */
export type RouteParams = Readonly<Record<string, string>>;

/**
 * Match a pattern such as `/a/:id` against a path; null when it does not match.
 * Params are URI-decoded; a trailing slash on the path is ignored.
 */
export function matchRoute(pattern: string, path: string): RouteParams | null {
  const want = pattern.split("/").filter(Boolean);
  const got = path.split("/").filter(Boolean);
  if (want.length !== got.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i] as string;
    const g = got[i] as string;
    if (w.startsWith(":")) {
      let value: string;
      try {
        value = decodeURIComponent(g);
      } catch {
        return null;
      }
      params[w.slice(1)] = value;
    } else if (w !== g) {
      return null;
    }
  }
  return params;
}
