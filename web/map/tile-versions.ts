import { type QueryClient, type QueryKey, queryOptions, useQuery, useQueryClient } from '@tanstack/react-query';
import type { VectorTileSource } from 'maplibre-gl';
import { useCallback, useEffect, useRef } from 'react';
import { abortable, ok, tilesApi } from '../lib/api-client.js';
import { useMap } from './MapProvider.js';

/** The queries whose answers come from a tile layer's data: when the layer moves, they are stale. */
const DEPENDENT_QUERIES: Record<string, QueryKey[]> = {
  // levels move the wards layer (its level colours); new boundaries move districts as well
  wards: [['levels'], ['units'], ['analysis']],
  districts: [['districts'], ['wards']],
  groups: [['groups'], ['units']],
  resources: [['resources']],
  businesses: [['businesses'], ['premises']],
};

export const tileVersionsQuery = () =>
  queryOptions({
    queryKey: ['tile-versions'],
    queryFn: async ({ signal }) => ok(await tilesApi.tiles['versions.json'].$get({}, abortable(signal))),
    // polled while the page is visible, and at once when it becomes visible again
    refetchInterval: 15_000,
    refetchOnWindowFocus: 'always',
    staleTime: 0,
  });

/** After a write: read the versions now, so moved layers (and the queries that depend on them) refresh. */
export function useRefreshTiles(): () => Promise<void> {
  const client = useQueryClient();
  return useCallback(() => client.refetchQueries({ queryKey: ['tile-versions'] }), [client]);
}

export function invalidateLayers(client: QueryClient, layers: string[]) {
  for (const layer of layers)
    for (const queryKey of DEPENDENT_QUERIES[layer] ?? []) client.invalidateQueries({ queryKey });
}

/**
 * Watches every layer's data version (one small request) and makes each vector source whose
 * version moved re-read its TileJSON, whose tile URLs carry the new version: the map never mixes
 * old and new tiles, unchanged layers keep their cached tiles, and the queries built on a moved
 * layer's data are refetched.
 */
export function useTileVersions() {
  const map = useMap();
  const client = useQueryClient();
  const { data: versions } = useQuery(tileVersionsQuery());
  const known = useRef<Record<string, string>>(undefined);
  useEffect(() => {
    if (!versions || !map) return;
    // the first reading only records: the style loaded its TileJSON moments ago
    const before = known.current;
    known.current = versions;
    if (!before) return;
    const moved = Object.keys(versions).filter((layer) => before[layer] !== versions[layer]);
    for (const layer of moved) {
      const source = map.getSource(layer) as VectorTileSource | undefined;
      source?.setUrl?.(`/tiles/${layer}.json?v=${encodeURIComponent(versions[layer])}`);
    }
    invalidateLayers(client, moved);
  }, [versions, map, client]);
}
