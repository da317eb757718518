/**
 * The app's one cache of server state (TanStack Query). Data is refetched when a change says so
 * (an invalidation after a mutation, the server closing a sync connection because access changed),
 * not on window focus or on a timer; a failed query shows its error at once rather than retrying
 * unseen, except where a hook asks for retries (the approval badge backs off on a busy server).
 */
import { QueryClient } from "@tanstack/react-query";

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { retry: false, refetchOnWindowFocus: false, refetchOnReconnect: false },
      mutations: { retry: false },
    },
  });
}
