import type { FillLayerSpecification, LineLayerSpecification, SymbolLayerSpecification } from 'maplibre-gl';
import { LEVEL_COLOURS, NO_LEVEL_COLOUR } from '../../../data/rules/colours.js';

export const wardFill: FillLayerSpecification = {
  id: 'wards-fill',
  type: 'fill',
  source: 'wards',
  'source-layer': 'wards',
  paint: {
    // the selected week's level (feature state, set from /api/levels), else the tile's latest
    // level; 0 means no figures for that week: grey
    'fill-color': [
      'match',
      ['coalesce', ['feature-state', 'level'], ['get', 'level'], 0],
      1,
      LEVEL_COLOURS[1],
      2,
      LEVEL_COLOURS[2],
      3,
      LEVEL_COLOURS[3],
      4,
      LEVEL_COLOURS[4],
      NO_LEVEL_COLOUR,
    ],
    'fill-opacity': ['case', ['boolean', ['feature-state', 'selected'], false], 0.8, 0.55],
  },
};

export const wardSelected: LineLayerSpecification = {
  id: 'wards-selected',
  type: 'line',
  source: 'wards',
  'source-layer': 'wards',
  paint: {
    'line-color': '#d9480f',
    'line-width': ['case', ['boolean', ['feature-state', 'selected'], false], 3, 0],
  },
};

export const wardLine: LineLayerSpecification = {
  id: 'wards-line',
  type: 'line',
  source: 'wards',
  'source-layer': 'wards',
  paint: { 'line-color': '#2f6f66', 'line-width': ['interpolate', ['linear'], ['zoom'], 9, 0.4, 14, 1.5] },
};

/**
 * Place names keep their Vietnamese spelling in both languages: that is the name on the street
 * signs. Under the name, the level as text ("Cấp 3"), so the map reads without colour too.
 */
export const wardLabel: SymbolLayerSpecification = {
  id: 'wards-label',
  type: 'symbol',
  source: 'ward-labels',
  minzoom: 10,
  layout: {
    'text-field': [
      'case',
      ['has', 'level_text'],
      ['format', ['get', 'name_vi'], {}, '\n', {}, ['get', 'level_text'], { 'font-scale': 0.85 }],
      ['get', 'name_vi'],
    ],
    'text-font': ['Noto Sans Medium'],
    'text-size': ['interpolate', ['linear'], ['zoom'], 10, 11, 14, 15],
    'text-max-width': 7,
    'text-padding': 3,
  },
  paint: { 'text-color': '#14332f', 'text-halo-color': '#ffffff', 'text-halo-width': 1.6 },
};
