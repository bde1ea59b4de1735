import type { CircleLayerSpecification, ExpressionSpecification, SymbolLayerSpecification } from 'maplibre-gl';
import { RISK_CLASS_COLOURS } from '../../../domain/rules/colours.js';

/** The class colour while valid; grey once expired, so an old result never reads as safe. */
const colour: ExpressionSpecification = [
  'case',
  ['==', ['get', 'status'], 'expired'],
  RISK_CLASS_COLOURS.expired,
  [
    'match',
    ['get', 'risk_class'],
    ...(['very_low', 'low', 'medium', 'high', 'very_high'] as const).flatMap((c) => [c, RISK_CLASS_COLOURS[c]]),
    RISK_CLASS_COLOURS.expired,
  ],
] as unknown as ExpressionSpecification;

/** A square-ish marker per premises (distinct from the round resource discs), dark-ringed. */
export const businessCircle: CircleLayerSpecification = {
  id: 'businesses-circle',
  type: 'circle',
  source: 'businesses',
  'source-layer': 'businesses',
  paint: {
    'circle-color': colour,
    // below z15 a marker can stand for several premises (tiles thin them): larger, with the count
    'circle-radius': [
      'interpolate',
      ['linear'],
      ['zoom'],
      ...[
        [10, 2.5],
        [13, 5],
        [15, 8],
        [17, 11],
      ].flatMap(([zoom, r]) => [zoom, ['*', r, ['case', ['>', ['coalesce', ['get', 'count'], 1], 1], 1.6, 1]]]),
    ] as unknown as ExpressionSpecification,
    'circle-stroke-width': ['interpolate', ['linear'], ['zoom'], 10, 0.5, 14, 2],
    'circle-stroke-color': ['case', ['==', ['get', 'status'], 'expired'], '#ffffff', '#1b1b1b'],
    'circle-stroke-opacity': 0.9,
  },
};

/** The name, and "hết hạn · expired" under it, from zoom 15. */
export const businessLabel: SymbolLayerSpecification = {
  id: 'businesses-label',
  type: 'symbol',
  source: 'businesses',
  'source-layer': 'businesses',
  minzoom: 15,
  layout: {
    'text-field': [
      'case',
      ['==', ['get', 'status'], 'expired'],
      ['concat', ['get', 'name'], '\n(hết hạn · expired)'],
      ['get', 'name'],
    ],
    'text-font': ['Noto Sans Regular'],
    'text-size': 11,
    'text-offset': [0, 1.1],
    'text-anchor': 'top',
    'text-max-width': 10,
  },
  paint: { 'text-color': '#1b1b1b', 'text-halo-color': '#ffffff', 'text-halo-width': 1.5 },
};

/** How many premises a thinned marker stands for. */
export const businessCount: SymbolLayerSpecification = {
  id: 'businesses-count',
  type: 'symbol',
  source: 'businesses',
  'source-layer': 'businesses',
  filter: ['>', ['coalesce', ['get', 'count'], 1], 1],
  minzoom: 12,
  layout: {
    'text-field': ['to-string', ['get', 'count']],
    'text-font': ['Noto Sans Medium'],
    'text-size': 10,
    'text-allow-overlap': true,
  },
  paint: { 'text-color': '#1b1b1b' },
};
