import type { FillLayerSpecification, LineLayerSpecification } from 'maplibre-gl';
import { LEVEL_COLOURS } from '../../../domain/rules/colours.js';

/** Residential groups of the selected ward, coloured by their own level, drawn over the wards. */
export const groupFill: FillLayerSpecification = {
  id: 'groups-fill',
  type: 'fill',
  source: 'groups',
  paint: {
    'fill-color': [
      'match',
      ['coalesce', ['get', 'level'], 0],
      1,
      LEVEL_COLOURS[1],
      2,
      LEVEL_COLOURS[2],
      3,
      LEVEL_COLOURS[3],
      4,
      LEVEL_COLOURS[4],
      '#ffffff',
    ],
    'fill-opacity': 0.75,
  },
};

export const groupLine: LineLayerSpecification = {
  id: 'groups-line',
  type: 'line',
  source: 'groups',
  paint: { 'line-color': '#14332f', 'line-width': 1.2, 'line-dasharray': [2, 1.5] },
};
