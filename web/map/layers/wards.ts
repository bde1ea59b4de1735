import type {
  ExpressionSpecification,
  FillLayerSpecification,
  LineLayerSpecification,
  SymbolLayerSpecification,
} from 'maplibre-gl';
import { LEVEL_COLOURS, NO_LEVEL_COLOUR } from '../../../domain/rules/colours.js';

/** The image the hatched wards are drawn with (added to the map by MapView: `hatchImage`). */
export const HATCH = 'hatch';

/** Diagonal hatching, 8×8 pixels, dark lines on transparent: over a faded level colour or the no-figures grey. */
export function hatchImage(): { width: number; height: number; data: Uint8Array } {
  const size = 8;
  const data = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      if ((x + y) % size > 1) continue;
      const i = (y * size + x) * 4;
      data.set([20, 51, 47, 150], i);
    }
  return { width: size, height: size, data };
}

const stale: ExpressionSpecification = ['boolean', ['feature-state', 'stale'], false];
const noFigures: ExpressionSpecification = ['boolean', ['feature-state', 'noFigures'], false];

export const wardFill: FillLayerSpecification = {
  id: 'wards-fill',
  type: 'fill',
  source: 'wards',
  'source-layer': 'wards',
  paint: {
    // the current view: the tile's own level, each ward's latest (its week in the `week` property);
    // a chosen week: that week's level as feature state (set from /api/levels?week=), 0 when the
    // ward has no figures that week: grey, and hatched (`wards-hatch`), never a level colour
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
    // a stale level (older than the city allows) is faded; the selected ward stands out
    'fill-opacity': [
      'case',
      ['boolean', ['feature-state', 'selected'], false],
      0.8,
      stale,
      0.3,
      0.55,
    ] as unknown as ExpressionSpecification,
  },
};

/** Hatching over stale levels and over wards without figures in the week shown. */
export const wardHatch: FillLayerSpecification = {
  id: 'wards-hatch',
  type: 'fill',
  source: 'wards',
  'source-layer': 'wards',
  paint: {
    'fill-pattern': HATCH,
    'fill-opacity': ['case', ['any', stale, noFigures], 1, 0] as unknown as ExpressionSpecification,
  },
};

/** A dashed outline around stale levels, so their age reads without the hatching too. */
export const wardStaleLine: LineLayerSpecification = {
  id: 'wards-stale-line',
  type: 'line',
  source: 'wards',
  'source-layer': 'wards',
  paint: {
    'line-color': '#14332f',
    'line-width': 1.5,
    'line-dasharray': [2, 2],
    'line-opacity': ['case', stale, 0.9, 0] as unknown as ExpressionSpecification,
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
 * signs. Under the name, the level as text ("Cấp 3"), with its week when that is not the city's
 * newest ("Cấp 3 · 2022-W10"), so the map reads without colour too.
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
