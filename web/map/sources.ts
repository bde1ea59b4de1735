import type { GeoJSONSourceSpecification, VectorSourceSpecification } from 'maplibre-gl';

/**
 * Vector tile sources: TileJSON from our own server, so the tile URLs carry the data version. Their
 * credits are shown in the page's language by the map's attribution control, not the TileJSON's.
 */
export const citySource: VectorSourceSpecification = { type: 'vector', url: '/tiles/city.json', attribution: '' };
export const businessesSource: VectorSourceSpecification = {
  type: 'vector',
  url: '/tiles/businesses.json',
  attribution: '',
};
export const resourcesSource: VectorSourceSpecification = {
  type: 'vector',
  url: '/tiles/resources.json',
  attribution: '',
};
export const wardsSource: VectorSourceSpecification = {
  type: 'vector',
  url: '/tiles/wards.json',
  promoteId: 'code',
  attribution: '',
};

/** One label point per ward (a point inside it), so names do not repeat at tile edges. */
export const wardLabelsSource = (features: GeoJSON.Feature<GeoJSON.Point>[]): GeoJSONSourceSpecification => ({
  type: 'geojson',
  data: { type: 'FeatureCollection', features },
});
