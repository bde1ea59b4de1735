import { queryOptions } from '@tanstack/react-query';
import type { InferRequestType, InferResponseType } from 'hono/client';
import { RESOURCE_TYPES, type ResourceType } from '../../data/resources/types.js';
import { abortable, api, ok } from './api-client.js';

type NearestQuery = InferRequestType<typeof api.api.resources.nearest.$get>['query'];
export type Nearby = InferResponseType<typeof api.api.resources.nearest.$get, 200>['resources'][number];
export type Resource = InferResponseType<(typeof api.api.resources)[':id']['$get'], 200>;
export const RESOURCE_TYPE_IDS = RESOURCE_TYPES;

/** Colour and short mark of each type on the map and in lists (white marks on them reach 4.5:1). */
export const TYPE_STYLE: Record<string, { colour: string; mark: string }> = {
  mobile_station: { colour: '#1971c2', mark: '+' },
  oxygen_atm: { colour: '#087f5b', mark: 'O₂' },
  vaccination_point: { colour: '#7048e8', mark: 'V' },
  treatment_facility: { colour: '#c92a2a', mark: 'H' },
  testing_point: { colour: '#b35900', mark: 'T' },
};

/** Where a nearest search measures from: a point, or a ward (its health station or centre). */
export type NearestOrigin = { lon: number; lat: number } | { ward: string };

/** The nearest places that help, nearest first; every parameter is part of the key. */
export const nearestQuery = (origin: NearestOrigin, types: readonly ResourceType[], openNow: boolean, limit = 5) => {
  const query: NearestQuery = {
    limit,
    ...('ward' in origin ? { ward: origin.ward } : { lon: origin.lon.toFixed(6), lat: origin.lat.toFixed(6) }),
    ...(types.length > 0 ? { types: [...types].sort().join(',') } : {}),
    ...(openNow ? { openNow: 'true' as const } : {}),
  };
  return queryOptions({
    queryKey: ['resources', 'nearest', query],
    queryFn: async ({ signal }) => ok(await api.api.resources.nearest.$get({ query }, abortable(signal))),
  });
};

/** Places found by name (at least two letters). */
export const resourceSearchQuery = (q: string) =>
  queryOptions({
    queryKey: ['resources', 'search', q],
    queryFn: async ({ signal }) =>
      (await ok(await api.api.resources.search.$get({ query: { q, limit: 5 } }, abortable(signal)))).resources,
    enabled: q.length >= 2,
  });
export type FoundResource = InferResponseType<typeof api.api.resources.search.$get, 200>['resources'][number];

/** Hanoi wall-clock time of an instant, HH:MM. */
export function hanoiTime(iso: string): string {
  return new Date(new Date(iso).getTime() + 7 * 3600_000).toISOString().slice(11, 16);
}

/** `1,2 km` / `350 m`. */
export function formatDistance(m: number, lang: 'vi' | 'en'): string {
  if (m < 1000) return `${Math.round(m / 10) * 10} m`;
  return `${(m / 1000).toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: 1 })} km`;
}

/** The stock as "12 bình ô xy · 3 máy tạo ô xy". */
export function stockSummary(stock: Record<string, unknown>, names: Record<string, string>): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(stock)) {
    if (typeof v === 'number') parts.push(`${v} ${names[k] ?? k}`);
    else if (v && typeof v === 'object') {
      const total = Object.values(v as Record<string, number>).reduce((a, b) => a + b, 0);
      const detail = Object.entries(v as Record<string, number>)
        .map(([n, c]) => `${n} ${c}`)
        .join(', ');
      parts.push(`${total} ${names[k] ?? k} (${detail})`);
    }
  }
  return parts.join(' · ');
}
