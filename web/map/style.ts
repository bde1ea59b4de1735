import type { StyleSpecification } from 'maplibre-gl';
import { proposedSiteRank, proposedSites, uncoveredCells, wardHotspots } from './layers/analysis.js';
import { businessCircle, businessCount, businessLabel } from './layers/businesses.js';
import { background, cityOutline } from './layers/city.js';
import { groupFill, groupLine } from './layers/groups.js';
import { originPoint, resourceCircle, resourceHighlight, resourceMark } from './layers/resources.js';
import { wardFill, wardHatch, wardLabel, wardLine, wardSelected, wardStaleLine } from './layers/wards.js';
import { businessesSource, citySource, resourcesSource, wardLabelsSource, wardsSource } from './sources.js';

/** The offline style: our own tiles and glyphs only, nothing from another host. */
export function buildStyle(labels: GeoJSON.Feature<GeoJSON.Point>[]): StyleSpecification {
  return {
    version: 8,
    glyphs: `${location.origin}/fonts/{fontstack}/{range}.pbf`,
    sources: {
      city: citySource,
      wards: wardsSource,
      'ward-labels': wardLabelsSource(labels),
      groups: { type: 'geojson', data: { type: 'FeatureCollection', features: [] } },
      resources: resourcesSource,
      businesses: businessesSource,
      origin: { type: 'geojson', data: { type: 'FeatureCollection', features: [] } },
      'analysis-cells': { type: 'geojson', data: { type: 'FeatureCollection', features: [] } },
      'analysis-sites': { type: 'geojson', data: { type: 'FeatureCollection', features: [] } },
    },
    layers: [
      background,
      wardFill,
      wardHatch,
      wardHotspots,
      wardLine,
      wardStaleLine,
      groupFill,
      groupLine,
      wardSelected,
      cityOutline,
      wardLabel,
      businessCircle,
      businessCount,
      businessLabel,
      uncoveredCells,
      resourceCircle,
      resourceMark,
      resourceHighlight,
      originPoint,
      proposedSites,
      proposedSiteRank,
    ],
  };
}
