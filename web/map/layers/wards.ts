import type { FillLayerSpecification, LineLayerSpecification, SymbolLayerSpecification } from 'maplibre-gl';

export const wardFill: FillLayerSpecification = {
  id: 'wards-fill',
  type: 'fill',
  source: 'wards',
  'source-layer': 'wards',
  paint: {
    // denser wards a little darker: the map reads before epidemic levels arrive
    'fill-color': [
      'interpolate',
      ['linear'],
      ['get', 'population'],
      10000,
      '#e8f3f1',
      60000,
      '#bfe0da',
      150000,
      '#8cc8bd',
    ],
    'fill-opacity': ['case', ['boolean', ['feature-state', 'selected'], false], 0.95, 0.75],
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

/** Place names keep their Vietnamese spelling in both languages: that is the name on the street signs. */
export const wardLabel: SymbolLayerSpecification = {
  id: 'wards-label',
  type: 'symbol',
  source: 'ward-labels',
  minzoom: 10,
  layout: {
    'text-field': ['get', 'name_vi'],
    'text-font': ['Noto Sans Medium'],
    'text-size': ['interpolate', ['linear'], ['zoom'], 10, 11, 14, 15],
    'text-max-width': 7,
    'text-padding': 3,
  },
  paint: { 'text-color': '#14332f', 'text-halo-color': '#ffffff', 'text-halo-width': 1.6 },
};
