import type { CircleLayerSpecification, ExpressionSpecification, SymbolLayerSpecification } from 'maplibre-gl';
import { TYPE_STYLE } from '../../lib/resources.js';

const byType = (key: 'colour' | 'mark'): ExpressionSpecification =>
  [
    'match',
    ['get', 'type'],
    ...Object.entries(TYPE_STYLE).flatMap(([type, style]) => [type, style[key]]),
    key === 'colour' ? '#495057' : '?',
  ] as unknown as ExpressionSpecification;

/** A disc per place, coloured by type; its ring says the stock (red none, amber low, white enough). */
export const resourceCircle: CircleLayerSpecification = {
  id: 'resources-circle',
  type: 'circle',
  source: 'resources',
  'source-layer': 'resources',
  paint: {
    'circle-color': byType('colour'),
    'circle-radius': ['interpolate', ['linear'], ['zoom'], 10, 2, 13, 5, 15, 9, 17, 12],
    'circle-stroke-width': ['interpolate', ['linear'], ['zoom'], 10, 0.5, 13, 1.5, 15, 2.5],
    'circle-stroke-color': ['match', ['get', 'stock_class'], 'none', '#e03131', 'low', '#f59f00', '#ffffff'],
  },
};

/** The type's mark inside the disc (+, O₂, V, H, T), so types read without colour. */
export const resourceMark: SymbolLayerSpecification = {
  id: 'resources-mark',
  type: 'symbol',
  source: 'resources',
  'source-layer': 'resources',
  minzoom: 13,
  layout: {
    'text-field': byType('mark'),
    'text-font': ['Noto Sans Medium'],
    'text-size': 10,
    'text-allow-overlap': true,
    'text-ignore-placement': true,
  },
  paint: { 'text-color': '#ffffff' },
};

/** The place picked in the list, ringed. */
export const resourceHighlight: CircleLayerSpecification = {
  id: 'resources-highlight',
  type: 'circle',
  source: 'resources',
  'source-layer': 'resources',
  filter: ['==', ['get', 'id'], ''],
  paint: {
    'circle-radius': 18,
    'circle-color': 'rgba(0,0,0,0)',
    'circle-stroke-width': 4,
    'circle-stroke-color': '#14332f',
  },
};

/** Where the distances are measured from. */
export const originPoint: CircleLayerSpecification = {
  id: 'origin',
  type: 'circle',
  source: 'origin',
  paint: { 'circle-radius': 8, 'circle-color': '#1c7ed6', 'circle-stroke-width': 3, 'circle-stroke-color': '#ffffff' },
};
