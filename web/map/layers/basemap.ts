import { namedFlavor, layers as protomapsLayers } from '@protomaps/basemaps';
import type {
  ExpressionSpecification,
  FillLayerSpecification,
  LayerSpecification,
  LineLayerSpecification,
  SymbolLayerSpecification,
} from 'maplibre-gl';

/** The schemas the server reports for an installed basemap (GET /api/basemap). */
export type BasemapSchema = 'protomaps' | 'openmaptiles';

export const BASEMAP_SOURCE = 'basemap';

/**
 * The basemap's layers, split where they go in our style: `under` below the level fill (land,
 * water, parks, roads), `labels` above the fills but below the ward names and every symbol of ours.
 * Ids all start with `basemap-`.
 */
export function basemapLayers(schema: BasemapSchema): { under: LayerSpecification[]; labels: LayerSpecification[] } {
  const all = schema === 'protomaps' ? protomaps() : openMapTiles();
  return {
    under: all.filter((l) => l.type !== 'symbol'),
    labels: all.filter((l) => l.type === 'symbol'),
  };
}

/** Vietnamese names first: OpenMapTiles writers put the local name in `name`, tilemaker in `name:latin`. */
const NAME: ExpressionSpecification = ['coalesce', ['get', 'name:vi'], ['get', 'name'], ['get', 'name:latin']];
const REGULAR = ['Noto Sans Regular'];
const MEDIUM = ['Noto Sans Medium'];

/**
 * The Protomaps basemap schema drawn by @protomaps/basemaps ("light", Vietnamese labels) with our
 * glyphs; without the layers that need a sprite (POI icons, shields, one-way arrows) and our own
 * background.
 */
function protomaps(): LayerSpecification[] {
  const flavor = { ...namedFlavor('light'), regular: REGULAR[0], bold: MEDIUM[0], italic: REGULAR[0], pois: undefined };
  return protomapsLayers(BASEMAP_SOURCE, flavor, { lang: 'vi' })
    .filter((l) => !['background', 'roads_oneway', 'roads_shields', 'pois'].includes(l.id))
    .map((l) => {
      const layer = { ...l, id: `basemap-${l.id}` } as LayerSpecification;
      if (layer.type === 'symbol' && layer.layout?.['icon-image']) {
        const { 'icon-image': _icon, ...layout } = layer.layout;
        return { ...layer, layout };
      }
      return layer;
    });
}

const WATER = '#b9d8e6';
const PARK = '#dcebd5';
const ROAD = '#ffffff';
const ROAD_CASING = '#d9d4c7';
const LABEL = '#5d6661';

/** Road classes of the OpenMapTiles `transportation` layer, widest first, and their width at z16. */
const ROAD_WIDTHS: [string[], number][] = [
  [['motorway', 'trunk'], 9],
  [['primary'], 8],
  [['secondary', 'tertiary'], 7],
  [['minor', 'service'], 5],
];

const roadFilter = (classes: string[]): ExpressionSpecification => [
  'all',
  ['==', ['geometry-type'], 'LineString'],
  ['match', ['get', 'class'], classes, true, false],
];

const width = (z16: number, scale = 1): ExpressionSpecification => [
  'interpolate',
  ['exponential', 1.6],
  ['zoom'],
  10,
  0.4 * scale,
  13,
  (z16 / 4) * scale,
  16,
  z16 * scale,
  18,
  z16 * 2.5 * scale,
];

/** A small quiet layer set for the OpenMapTiles schema: water, parks, roads by class, street and place names. */
function openMapTiles(): LayerSpecification[] {
  const src = { source: BASEMAP_SOURCE };
  const water: FillLayerSpecification = {
    id: 'basemap-water',
    type: 'fill',
    ...src,
    'source-layer': 'water',
    paint: { 'fill-color': WATER },
  };
  const waterway: LineLayerSpecification = {
    id: 'basemap-waterway',
    type: 'line',
    ...src,
    'source-layer': 'waterway',
    paint: { 'line-color': WATER, 'line-width': ['interpolate', ['linear'], ['zoom'], 10, 1, 16, 4] },
  };
  const parks: FillLayerSpecification = {
    id: 'basemap-park',
    type: 'fill',
    ...src,
    'source-layer': 'landcover',
    filter: ['match', ['get', 'class'], ['grass', 'wood', 'park'], true, false],
    paint: { 'fill-color': PARK },
  };
  const park: FillLayerSpecification = {
    ...parks,
    id: 'basemap-park-area',
    'source-layer': 'park',
    filter: ['literal', true],
  };
  const casings: LineLayerSpecification[] = ROAD_WIDTHS.map(([classes, w]) => ({
    id: `basemap-road-casing-${classes[0]}`,
    type: 'line',
    ...src,
    'source-layer': 'transportation',
    minzoom: 12,
    filter: roadFilter(classes),
    layout: { 'line-cap': 'round', 'line-join': 'round' },
    paint: { 'line-color': ROAD_CASING, 'line-width': width(w, 1.25) },
  }));
  const roads: LineLayerSpecification[] = ROAD_WIDTHS.map(([classes, w]) => ({
    id: `basemap-road-${classes[0]}`,
    type: 'line',
    ...src,
    'source-layer': 'transportation',
    filter: roadFilter(classes),
    layout: { 'line-cap': 'round', 'line-join': 'round' },
    paint: { 'line-color': ROAD, 'line-width': width(w) },
  }));
  const streetNames: SymbolLayerSpecification = {
    id: 'basemap-street-name',
    type: 'symbol',
    ...src,
    'source-layer': 'transportation_name',
    minzoom: 14,
    layout: {
      'symbol-placement': 'line',
      'text-field': NAME,
      'text-font': REGULAR,
      'text-size': ['interpolate', ['linear'], ['zoom'], 14, 11, 18, 15],
      'text-max-angle': 30,
    },
    paint: { 'text-color': LABEL, 'text-halo-color': '#ffffff', 'text-halo-width': 1.5 },
  };
  const waterNames: SymbolLayerSpecification = {
    id: 'basemap-water-name',
    type: 'symbol',
    ...src,
    'source-layer': 'water_name',
    minzoom: 13,
    layout: { 'text-field': NAME, 'text-font': REGULAR, 'text-size': 12, 'text-max-width': 6 },
    paint: { 'text-color': '#3f6f85', 'text-halo-color': '#ffffff', 'text-halo-width': 1.2 },
  };
  const placeNames: SymbolLayerSpecification = {
    id: 'basemap-place-name',
    type: 'symbol',
    ...src,
    'source-layer': 'place',
    minzoom: 14,
    filter: ['match', ['get', 'class'], ['suburb', 'quarter', 'neighbourhood'], true, false],
    layout: { 'text-field': NAME, 'text-font': REGULAR, 'text-size': 11, 'text-transform': 'uppercase' },
    paint: { 'text-color': '#8a8f8b', 'text-halo-color': '#ffffff', 'text-halo-width': 1.2 },
  };
  return [water, waterway, parks, park, ...casings, ...roads, streetNames, waterNames, placeNames];
}
