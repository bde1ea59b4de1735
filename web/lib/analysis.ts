import { queryOptions } from '@tanstack/react-query';
import type { InferResponseType } from 'hono/client';
import type { ResourceType } from '../../data/resources/types.js';
import { abortable, api, ok } from './api-client.js';

const analysis = api.api.analysis;
export type Hotspots = InferResponseType<typeof analysis.hotspots.$get, 200>;
export type Emerging = InferResponseType<typeof analysis.emerging.$get, 200>;
export type Coverage = InferResponseType<typeof analysis.coverage.$get, 200>;
export type SitingPlan = InferResponseType<typeof analysis.siting.$get, 200>;
export type Trend = InferResponseType<typeof analysis.trend.$get, 200>;

/** A city admin's narrowing to one former district (others are held to their scope by the API). */
const scoped = (district: string | undefined) => (district ? { district } : {});

/*
 * Every parameter is part of the key: an answer for another week or district can never stand in
 * for this one, and a superseded request is aborted through its signal.
 */

export const hotspotsQuery = (week: string, fdr: boolean, district?: string) =>
  queryOptions({
    queryKey: ['analysis', 'hotspots', { week, fdr, district: district ?? null }],
    queryFn: async ({ signal }) =>
      ok(
        await analysis.hotspots.$get(
          { query: { week, fdr: fdr ? 'true' : 'false', ...scoped(district) } },
          abortable(signal),
        ),
      ),
  });

/** Emerging categories over the 8 weeks up to and including `until`. */
export const emergingQuery = (until: string, district?: string) =>
  queryOptions({
    queryKey: ['analysis', 'emerging', { until, district: district ?? null }],
    queryFn: async ({ signal }) =>
      ok(await analysis.emerging.$get({ query: { until, weeks: 8, ...scoped(district) } }, abortable(signal))),
  });

export const coverageQuery = (type: ResourceType, maxM: number, district?: string) =>
  queryOptions({
    queryKey: ['analysis', 'coverage', { type, maxM, district: district ?? null }],
    queryFn: async ({ signal }) =>
      ok(await analysis.coverage.$get({ query: { type, maxM, ...scoped(district) } }, abortable(signal))),
  });

export const sitingQuery = (type: ResourceType, k: number, radiusM: number, district?: string) =>
  queryOptions({
    queryKey: ['analysis', 'siting', { type, k, radiusM, district: district ?? null }],
    queryFn: async ({ signal }) =>
      ok(await analysis.siting.$get({ query: { type, k, radiusM, ...scoped(district) } }, abortable(signal))),
  });

export const trendQuery = (ward: string) =>
  queryOptions({
    queryKey: ['analysis', 'trend', ward],
    queryFn: async ({ signal }) => ok(await analysis.trend.$get({ query: { ward } }, abortable(signal))),
  });

/** The download link of an export: its own route (`…/hotspots.csv`), with the same parameters. */
export function exportHref(
  name: 'hotspots' | 'coverage' | 'siting',
  format: 'csv' | 'geojson',
  params: Record<string, string | number | boolean | undefined>,
): string {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') query.set(k, String(v));
  return `/api/analysis/${name}.${format}?${query}`;
}
