import type { BackgroundLayerSpecification, LineLayerSpecification } from 'maplibre-gl';

export const background: BackgroundLayerSpecification = {
  id: 'background',
  type: 'background',
  paint: { 'background-color': '#f4f1ea' },
};

export const cityOutline: LineLayerSpecification = {
  id: 'city-outline',
  type: 'line',
  source: 'city',
  'source-layer': 'city',
  paint: { 'line-color': '#0b5e55', 'line-width': ['interpolate', ['linear'], ['zoom'], 8, 1.5, 14, 4] },
};
