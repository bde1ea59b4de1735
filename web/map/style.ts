import type { ExpressionSpecification, LayerSpecification, Map as MapLibreMap, StyleSpecification } from 'maplibre-gl';
import { proposedSiteRank, proposedSites, uncoveredCells, wardHotspots } from './layers/analysis.js';
import { BASEMAP_SOURCE, type BasemapSchema, basemapLayers } from './layers/basemap.js';
import { businessCircle, businessCount, businessLabel } from './layers/businesses.js';
import { background, cityOutline } from './layers/city.js';
import { groupFill, groupLine } from './layers/groups.js';
import { LANDMARKS_SOURCE, landmarkDot, landmarkLabel, landmarksSource } from './layers/landmarks.js';
import { originPoint, resourceCircle, resourceHighlight, resourceMark } from './layers/resources.js';
import { wardFill, wardHatch, wardLabel, wardLine, wardSelected, wardStaleLine } from './layers/wards.js';
import { businessesSource, citySource, resourcesSource, wardLabelsSource, wardsSource } from './sources.js';

/** The offline style: our own tiles and glyphs only, nothing from another host. */
export function buildStyle(labels: GeoJSON.Feature<GeoJSON.Point>[]): StyleSpecification {
  return {
    version: 8,
    glyphs: `${location.origin}/fonts/{fontstack}/{range}.pbf`,
    sources: {
      city: citySource,
      wards: wardsSource,
      'ward-labels': wardLabelsSource(labels),
      groups: { type: 'geojson', data: { type: 'FeatureCollection', features: [] } },
      resources: resourcesSource,
      businesses: businessesSource,
      origin: { type: 'geojson', data: { type: 'FeatureCollection', features: [] } },
      'analysis-cells': { type: 'geojson', data: { type: 'FeatureCollection', features: [] } },
      'analysis-sites': { type: 'geojson', data: { type: 'FeatureCollection', features: [] } },
    },
    layers: [
      background,
      wardFill,
      wardHatch,
      wardHotspots,
      wardLine,
      wardStaleLine,
      groupFill,
      groupLine,
      wardSelected,
      cityOutline,
      wardLabel,
      businessCircle,
      businessCount,
      businessLabel,
      uncoveredCells,
      resourceCircle,
      resourceMark,
      resourceHighlight,
      originPoint,
      proposedSites,
      proposedSiteRank,
    ],
  };
}

/** What GET /api/basemap answers. */
export interface BasemapStatus {
  available: boolean;
  schema?: BasemapSchema;
  /** the versioned TileJSON */
  url?: string;
}

/** The level fill over a basemap: lighter, so streets and names read through it. */
const FILL_OVER_BASEMAP = [
  'case',
  ['boolean', ['feature-state', 'selected'], false],
  0.6,
  ['boolean', ['feature-state', 'stale'], false],
  0.2,
  0.38,
] as unknown as ExpressionSpecification;

/**
 * What sits under and among our layers: the basemap when the server has one (its shapes under the
 * level fill, its names under the ward names and every symbol of ours), else the landmarks.
 */
export function orientationLayers(basemap: BasemapStatus): {
  sources: StyleSpecification['sources'];
  layers: { layer: LayerSpecification; before: string }[];
  fillOpacity?: ExpressionSpecification;
} {
  if (basemap.available && basemap.schema && basemap.url) {
    const { under, labels } = basemapLayers(basemap.schema);
    return {
      sources: { [BASEMAP_SOURCE]: { type: 'vector', url: basemap.url } },
      layers: [
        ...under.map((layer) => ({ layer, before: 'wards-fill' })),
        ...labels.map((layer) => ({ layer, before: 'wards-label' })),
      ],
      fillOpacity: FILL_OVER_BASEMAP,
    };
  }
  return {
    sources: { [LANDMARKS_SOURCE]: landmarksSource() },
    layers: [
      { layer: landmarkDot, before: 'wards-label' },
      { layer: landmarkLabel, before: 'wards-label' },
    ],
  };
}

/** Asks the server whether it has a basemap and adds it (or the landmarks) to the map once its style is in. */
export async function addOrientation(map: MapLibreMap): Promise<void> {
  let status: BasemapStatus = { available: false };
  try {
    const response = await fetch('/api/basemap');
    if (response.ok) status = (await response.json()) as BasemapStatus;
  } catch {
    // offline or no answer: the landmarks (the map still orients by its own layers)
  }
  const { sources, layers, fillOpacity } = orientationLayers(status);
  const apply = () => {
    for (const [id, source] of Object.entries(sources)) if (!map.getSource(id)) map.addSource(id, source);
    for (const { layer, before } of layers)
      if (!map.getLayer(layer.id)) map.addLayer(layer, map.getLayer(before) ? before : undefined);
    if (fillOpacity && map.getLayer('wards-fill')) map.setPaintProperty('wards-fill', 'fill-opacity', fillOpacity);
  };
  if (map.getLayer('wards-fill')) apply();
  else map.once('style.load', apply);
}
