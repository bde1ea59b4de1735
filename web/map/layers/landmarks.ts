import type { CircleLayerSpecification, GeoJSONSourceSpecification, SymbolLayerSpecification } from 'maplibre-gl';

/**
 * Without a basemap: named hospitals and pharmacies (OpenStreetMap, GET /api/landmarks) as
 * quiet labels at street zoom, something to orient by. Drawn under our own symbols.
 */
export const LANDMARKS_SOURCE = 'landmarks';
const MIN_ZOOM = 14;

/** absolute: MapLibre fetches GeoJSON in its worker, which has no page URL to resolve against */
export const landmarksSource = (): GeoJSONSourceSpecification => ({
  type: 'geojson',
  data: `${location.origin}/api/landmarks`,
  // credited (OpenStreetMap) in the page's language by the map's attribution control
  attribution: '',
});

export const landmarkDot: CircleLayerSpecification = {
  id: 'landmarks-dot',
  type: 'circle',
  source: LANDMARKS_SOURCE,
  minzoom: MIN_ZOOM,
  paint: {
    'circle-radius': 3,
    'circle-color': ['match', ['get', 'kind'], 'hospital', '#7a4e8c', '#5f7d6a'],
    'circle-stroke-color': '#ffffff',
    'circle-stroke-width': 1,
  },
};

export const landmarkLabel: SymbolLayerSpecification = {
  id: 'landmarks-label',
  type: 'symbol',
  source: LANDMARKS_SOURCE,
  minzoom: MIN_ZOOM,
  layout: {
    'text-field': ['get', 'name'],
    'text-font': ['Noto Sans Regular'],
    'text-size': 11,
    'text-max-width': 9,
    'text-variable-anchor': ['left', 'right', 'top', 'bottom'],
    'text-radial-offset': 0.6,
    'text-optional': true,
  },
  paint: {
    'text-color': ['match', ['get', 'kind'], 'hospital', '#5e3b6e', '#4a6353'],
    'text-halo-color': '#ffffff',
    'text-halo-width': 1.4,
  },
};
