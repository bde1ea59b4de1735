import { QueryClient } from '@tanstack/react-query';
import { ApiProblem } from './problem.js';

/** How long a "not ready yet, try again" answer (503/429 with Retry-After) is waited out: about two minutes. */
const MAX_WAITS = 40;

/**
 * The one cache of server data: answers stay fresh for 30 s and are refetched in the background
 * after that (stale-while-revalidate). A refused request (4xx) is not retried, a failed one once;
 * an answer that asks to be retried later (the coverage grid being prepared) is retried every
 * Retry-After seconds, but at least every 3 s, for about two minutes.
 */
export function createQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        retry: (failures, error) => {
          if (error instanceof ApiProblem && error.retryAfter !== undefined) return failures < MAX_WAITS;
          return !(error instanceof ApiProblem && error.status < 500) && failures < 1;
        },
        retryDelay: (failures, error) =>
          error instanceof ApiProblem && error.retryAfter !== undefined
            ? Math.min(error.retryAfter * 1000, 3000)
            : Math.min(1000 * 2 ** failures, 10_000),
      },
      mutations: { retry: false },
    },
  });
}
