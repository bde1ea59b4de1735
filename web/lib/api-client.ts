import { hc } from 'hono/client';
import type { AppType } from '../../api/app.js';

/** The typed API client: the web calls the API only through this. */
export const api = hc<AppType>('/');

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
