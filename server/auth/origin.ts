/**
 * Cross-site request checks. A browser always names the page's origin on state-changing requests and
 * on WebSocket handshakes; a request carrying our cookie from any other origin is refused, which
 * together with SameSite=Lax closes CSRF and cross-site WebSocket hijacking.
 */

/** True when `origin` (an Origin header, or a Referer URL) points at one of `hosts` (host[:port]). */
export function originMatches(origin: string, hosts: readonly string[]): boolean {
  let host: string;
  try {
    host = new URL(origin).host.toLowerCase();
  } catch {
    return false;
  }
  return hosts.some((h) => h.toLowerCase() === host);
}
