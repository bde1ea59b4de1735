import type { Map as MapLibreMap, VectorTileSource } from 'maplibre-gl';

let known: Record<string, string> | undefined;

/**
 * Reads every layer's data version (one small request) and makes each vector source whose version
 * moved re-read its TileJSON, whose tile URLs carry the new version: the map never mixes old and
 * new tiles, and unchanged layers keep their cached tiles.
 */
export async function refreshTiles(map: MapLibreMap | undefined = window.__safemap?.map): Promise<void> {
  const res = await fetch('/tiles/versions.json', { cache: 'no-store' });
  if (!res.ok || !map) return;
  const versions = (await res.json()) as Record<string, string>;
  for (const [layer, version] of Object.entries(versions)) {
    if (known && known[layer] === version) continue;
    const source = map.getSource(layer) as VectorTileSource | undefined;
    // the first reading only records: the style loaded its TileJSON moments ago
    if (known && source?.setUrl) source.setUrl(`/tiles/${layer}.json?v=${encodeURIComponent(version)}`);
  }
  known = versions;
}

/** Polls the versions while the page is visible, and at once when it becomes visible again. */
export function watchTileVersions(map: MapLibreMap, everyMs = 15_000): () => void {
  const poll = () => {
    if (document.visibilityState === 'visible') refreshTiles(map).catch(() => {});
  };
  poll();
  const timer = setInterval(poll, everyMs);
  document.addEventListener('visibilitychange', poll);
  return () => {
    clearInterval(timer);
    document.removeEventListener('visibilitychange', poll);
  };
}
