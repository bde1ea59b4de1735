import { queryOptions } from '@tanstack/react-query';
import { type ClientResponse, hc, type InferRequestType, type InferResponseType } from 'hono/client';
import type { AppType } from '../../api/app.js';
import type { tileRoutes } from '../../api/routes/tiles.js';
import { ApiProblem, readProblem } from './problem.js';

let csrfToken: string | null = null;

/** Remembers the session's CSRF token; every write through `api` sends it. */
export function setCsrfToken(token: string | null) {
  csrfToken = token;
}

/** Headers a write sent outside the typed client (e.g. an upload with progress) must carry. */
export function writeHeaders(): Record<string, string> {
  return csrfToken ? { 'X-CSRF-Token': csrfToken } : {};
}

/** The typed API client: the web calls the API only through this. */
export const api = hc<AppType>('/', {
  headers: writeHeaders,
});

/** The tile service's own routes (`/tiles/versions.json`), served beside the API. */
export const tilesApi = hc<ReturnType<typeof tileRoutes>>('/');

/** The client's second argument: the query's abort signal, so a superseded request is cancelled. */
export const abortable = (signal?: AbortSignal) => ({ init: { signal } });

/** The body type of a typed response's 2xx variants. */
type SuccessBody<R> = R extends ClientResponse<infer T, infer S, string> ? (S extends 200 | 201 ? T : never) : never;

/** The response's JSON when it is a success; its problem, thrown as ApiProblem, otherwise. */
export async function ok<R extends ClientResponse<unknown, number, string>>(res: R): Promise<SuccessBody<R>> {
  if (!res.ok) throw await readProblem(res);
  return (await res.json()) as SuccessBody<R>;
}

export { ApiProblem };

export type WardsQuery = InferRequestType<typeof api.api.wards.$get>['query'];
export type WardSummary = InferResponseType<typeof api.api.wards.$get, 200>['wards'][number];
export type WardDetail = InferResponseType<(typeof api.api.wards)[':code']['$get'], 200>;

/** Every ward (for the map's labels, search and the admin's scope picker), or those matching `q`. */
export const wardsQuery = (q?: string) =>
  queryOptions({
    queryKey: ['wards', { q: q ?? null }],
    queryFn: async ({ signal }) =>
      (await ok(await api.api.wards.$get({ query: { q, limit: 200 } }, abortable(signal)))).wards,
    staleTime: Number.POSITIVE_INFINITY,
  });

export const wardQuery = (code: string) =>
  queryOptions({
    queryKey: ['wards', code],
    queryFn: async ({ signal }) => ok(await api.api.wards[':code'].$get({ param: { code } }, abortable(signal))),
  });

/** The former districts (a city admin's scope pickers). */
export const districtsQuery = () =>
  queryOptions({
    queryKey: ['districts'],
    queryFn: async ({ signal }) => (await ok(await api.api.districts.$get({}, abortable(signal)))).districts,
    staleTime: Number.POSITIVE_INFINITY,
  });
