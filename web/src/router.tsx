/**
 * Routing over the History API in a few lines: the server answers every route with index.html, so URLs
 * like /title/the-matrix can be shared and reloaded.
 */
import { useEffect, useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent } from 'react';

const listeners = new Set<() => void>();
window.addEventListener('popstate', () => listeners.forEach((listener) => listener()));

export function navigate(to: string, options: { replace?: boolean } = {}) {
  if (options.replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  window.scrollTo(0, 0);
  listeners.forEach((listener) => listener());
}

/** The current path and query string; components re-render when it changes. */
export function useLocation(): { pathname: string; params: URLSearchParams } {
  const href = useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => location.pathname + location.search,
  );
  const url = new URL(href, location.origin);
  return { pathname: url.pathname, params: url.searchParams };
}

/** An ordinary link (open in new tab, copy address…) that navigates in place on a plain click. */
export function Link({ to, onClick, ...rest }: { to: string } & AnchorHTMLAttributes<HTMLAnchorElement>) {
  const handle = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(to);
  };
  return <a href={to} onClick={handle} {...rest} />;
}

/** The browser tab's title for a page: its name, then the app's (history and bookmarks list them so). */
export function usePageTitle(name: string | null | undefined) {
  useEffect(() => {
    document.title = name ? `${name} · tvstream` : 'tvstream';
  }, [name]);
}

/** Where the sign-in screen sends the viewer back to. */
export const signInPath = (next = location.pathname + location.search) => `/signin?next=${encodeURIComponent(next)}`;
