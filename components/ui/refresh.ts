import type { QueryClient, QueryKey } from '@tanstack/react-query';

/**
 * After a write: reloads the lists it changed. A first load still under way is cancelled and
 * made again, because TanStack Query's invalidation cancels only fetches of queries that already
 * hold data; one without data is left to finish, and no refetch follows. A form next to a list
 * that is still loading (a slow server, a quick hand) then showed the list as it was before the
 * write: an OAuth client created, and "No OAuth clients yet" below it (seen in CI).
 */
export async function refreshAfterWrite(client: QueryClient, ...keys: QueryKey[]): Promise<void> {
  await Promise.all(keys.map((queryKey) => client.cancelQueries({ queryKey })));
  await Promise.all(keys.map((queryKey) => client.invalidateQueries({ queryKey })));
}
