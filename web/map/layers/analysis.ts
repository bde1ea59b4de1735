import type {
  CircleLayerSpecification,
  ExpressionSpecification,
  FillLayerSpecification,
  SymbolLayerSpecification,
} from 'maplibre-gl';
import { NO_LEVEL_COLOUR } from '../../../domain/rules/colours.js';

/** Gi* confidence bins: hot reds, cold blues, by 99/95/90 %. */
export const BIN_COLOURS: Record<number, string> = {
  3: '#b2182b',
  2: '#ef8a62',
  1: '#fddbc7',
  [-1]: '#d1e5f0',
  [-2]: '#67a9cf',
  [-3]: '#2166ac',
};

/** A ward whose Gi* is not significant. */
export const NOT_SIGNIFICANT_COLOUR = '#f4f4f2';

/** A ward without a Gi* result (no figures that week, or the week withheld): the neutral no-data grey. */
export const NO_BIN_COLOUR = NO_LEVEL_COLOUR;

/**
 * Over the level colours while the analysis is open: each ward's hot/cold bin (feature state
 * `bin`), grey where it has none (feature state `noBin`), never a hot or cold colour.
 */
export const wardHotspots: FillLayerSpecification = {
  id: 'wards-hotspots',
  type: 'fill',
  source: 'wards',
  'source-layer': 'wards',
  layout: { visibility: 'none' },
  paint: {
    'fill-color': [
      'case',
      ['boolean', ['feature-state', 'noBin'], false],
      NO_BIN_COLOUR,
      [
        'match',
        ['coalesce', ['feature-state', 'bin'], 0],
        ...Object.entries(BIN_COLOURS).flatMap(([bin, colour]) => [Number(bin), colour]),
        NOT_SIGNIFICANT_COLOUR,
      ],
    ] as unknown as ExpressionSpecification,
    'fill-opacity': 0.8,
  },
};

/** People beyond the chosen distance: one dot per 250 m cell, sized by its people. */
export const uncoveredCells: CircleLayerSpecification = {
  id: 'analysis-cells',
  type: 'circle',
  source: 'analysis-cells',
  paint: {
    'circle-color': '#7048e8',
    'circle-opacity': 0.7,
    'circle-radius': ['interpolate', ['linear'], ['zoom'], 10, 1.5, 13, 4, 15, 8],
  },
};

/** Proposed new stations, numbered by the order they were chosen. */
export const proposedSites: CircleLayerSpecification = {
  id: 'analysis-sites',
  type: 'circle',
  source: 'analysis-sites',
  paint: {
    'circle-color': '#f08c00',
    'circle-radius': 10,
    'circle-stroke-color': '#1b1b1b',
    'circle-stroke-width': 2,
  },
};

export const proposedSiteRank: SymbolLayerSpecification = {
  id: 'analysis-sites-rank',
  type: 'symbol',
  source: 'analysis-sites',
  layout: {
    'text-field': ['to-string', ['get', 'rank']],
    'text-font': ['Noto Sans Medium'],
    'text-size': 11,
    'text-allow-overlap': true,
  },
  paint: { 'text-color': '#1b1b1b' },
};
