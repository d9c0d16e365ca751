import type { QueryClient } from '@tanstack/react-query';

/** The keys of the queries an action marked stale, for tests of the cache updates. */
export const stale = (queryClient: QueryClient) =>
  queryClient
    .getQueryCache()
    .getAll()
    .filter((query) => query.state.isInvalidated)
    .map((query) => query.queryKey);
