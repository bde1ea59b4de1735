import { type ClientResponse, hc } from 'hono/client';
import type { AppType } from '../../api/app.js';
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

/** The body type of a typed response's 2xx variants. */
type SuccessBody<R> = R extends ClientResponse<infer T, infer S, string> ? (S extends 200 | 201 ? T : never) : never;

/** The response's JSON when it is a success; its problem, thrown as ApiProblem, otherwise. */
export async function ok<R extends ClientResponse<unknown, number, string>>(res: R): Promise<SuccessBody<R>> {
  if (!res.ok) throw await readProblem(res as unknown as Response);
  return (await res.json()) as SuccessBody<R>;
}

export { ApiProblem };

export type WardSummary = Awaited<ReturnType<typeof fetchWards>>[number];
export type WardDetail = Awaited<ReturnType<typeof fetchWard>>;

export async function fetchWards(q?: string) {
  const res = await api.api.wards.$get({ query: { q, limit: '200' } as never });
  if (!res.ok) throw new Error(`wards: ${res.status}`);
  return (await res.json()).wards;
}

export async function fetchWard(code: string) {
  const res = await api.api.wards[':code'].$get({ param: { code } });
  if (res.status !== 200) throw new Error(`ward ${code}: ${res.status}`);
  return res.json();
}
