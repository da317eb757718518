/** History-API routing without a dependency: a location store, `navigate`, and an intercepting `Link`. */
import { type AnchorHTMLAttributes, type MouseEvent, useSyncExternalStore } from "react";

const CHANGE = "ach:navigate";

function subscribe(onChange: () => void): () => void {
  window.addEventListener("popstate", onChange);
  window.addEventListener(CHANGE, onChange);
  return () => {
    window.removeEventListener("popstate", onChange);
    window.removeEventListener(CHANGE, onChange);
  };
}

const currentPath = (): string => window.location.pathname;

/** The current pathname; re-renders on navigation (back/forward included). */
export function usePathname(): string {
  return useSyncExternalStore(subscribe, currentPath);
}

/** One query parameter of the current address (null when absent); re-renders on navigation. */
export function useSearchParam(name: string): string | null {
  return useSyncExternalStore(subscribe, () => new URLSearchParams(window.location.search).get(name));
}

/** Go to an in-app path without a page load. */
export function navigate(path: string, opts: { replace?: boolean } = {}): void {
  if (opts.replace) window.history.replaceState(null, "", path);
  else window.history.pushState(null, "", path);
  window.dispatchEvent(new Event(CHANGE));
}

/** An anchor that navigates in-app on a plain left click and behaves normally otherwise (new tab etc.). */
export function Link(props: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) {
  const { onClick, href, ...rest } = props;
  const handle = (e: MouseEvent<HTMLAnchorElement>): void => {
    onClick?.(e);
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(href);
  };
  return <a href={href} {...rest} onClick={handle} />;
}
