import { QueryClient } from '@tanstack/react-query';
import { ApiProblem } from './problem.js';

/**
 * The one cache of server data: answers stay fresh for 30 s and are refetched in the background
 * after that (stale-while-revalidate); a refused request (4xx) is not retried, a failed one once.
 */
export function createQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        retry: (failures, error) => !(error instanceof ApiProblem && error.status < 500) && failures < 1,
      },
      mutations: { retry: false },
    },
  });
}
