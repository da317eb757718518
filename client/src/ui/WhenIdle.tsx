/**
 * Renders `children` once `after` holds and the browser has then been idle, `fallback` until then:
 * for what nobody sees at first, such as an editor inside a closed disclosure, so it is built after
 * the page's first paint rather than before it. Whatever happens, `children` show `maxWaitMs` after
 * mounting (offline, `after` may never hold).
 */
import { type ReactNode, useEffect, useState } from "react";

export function WhenIdle({
  children,
  fallback = null,
  after = true,
  maxWaitMs = 3_000,
}: {
  readonly children: ReactNode;
  readonly fallback?: ReactNode;
  /** What must have happened first, e.g. the page's data loaded. */
  readonly after?: boolean;
  readonly maxWaitMs?: number;
}) {
  const [ready, setReady] = useState(false);
  useEffect(() => {
    if (ready) return;
    const timer = setTimeout(() => setReady(true), maxWaitMs);
    return () => clearTimeout(timer);
  }, [ready, maxWaitMs]);
  useEffect(() => {
    if (ready || !after) return;
    if (typeof window.requestIdleCallback !== "function") {
      setReady(true);
      return;
    }
    const id = window.requestIdleCallback(() => setReady(true), { timeout: 1_000 });
    return () => window.cancelIdleCallback(id);
  }, [ready, after]);
  return ready ? children : fallback;
}
