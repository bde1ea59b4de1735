import type { Map as MapLibreMap } from 'maplibre-gl';
import * as maplibregl from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import { useQuery } from '@tanstack/react-query';
// Vite bundles MapLibre's worker as our own asset: nothing is loaded from another host
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?worker&url';
import { useEffect, useRef } from 'react';
import type { Lang } from '../i18n/strings.js';
import { MAP_LOCALE, STRINGS } from '../i18n/strings.js';
import { type WardSummary, wardsQuery } from '../lib/api-client.js';
import { HATCH, hatchImage } from './layers/wards.js';
import { useMap, useSetMap } from './MapProvider.js';
import { addOrientation, buildStyle } from './style.js';
import { useTileVersions } from './tile-versions.js';

/** What the leaders' dashboard draws on the map: hot/cold bins per ward, uncovered cells, proposed sites. */
export interface AnalysisLayers {
  /** each ward's Gi* bin; null or absent: no result (no figures), drawn as no data */
  bins: Map<string, number | null>;
  cells?: GeoJSON.FeatureCollection;
  sites?: GeoJSON.FeatureCollection;
}

interface Props {
  /** the language of MapLibre's own controls */
  lang: Lang;
  /** where the map opens; later moves are the map's own */
  initial: { lon: number; lat: number; zoom: number };
  wards: WardSummary[];
  /** what the wards show (the current view or a week's snapshot); undefined until loaded */
  levels?: ShownLevels;
  /** the second line of each ward's label ("Cấp 3", "Cấp 3 · 2022-W10", "không có số liệu") */
  labels?: Map<string, string>;
  /** residential groups of the selected ward */
  groups?: GeoJSON.FeatureCollection;
  /** the resource picked in the nearest list */
  highlight?: string;
  /** where nearest distances are measured from */
  origin?: [number, number];
  /** a click on the map: the ward, published premises and place (resource) under it (if any) and where */
  onMapClick(click: {
    code: string | undefined;
    business: string | undefined;
    place: { id: string; lon: number; lat: number } | undefined;
    lon: number;
    lat: number;
  }): void;
  selected?: string;
  onMove(view: { lon: number; lat: number; zoom: number }): void;
}

/**
 * The levels the map draws. `latest`: each ward's own most recent level, which the wards tile
 * carries itself (with its week): the fill reads the tile, `byWard` adds which are stale.
 * `week`: one week's snapshot, set as feature state; a ward missing from `byWard` has no figures
 * that week and is drawn grey and hatched.
 */
export interface ShownLevels {
  mode: 'latest' | 'week';
  byWard: Map<string, { level: number; week: string; stale: boolean }>;
}

declare global {
  interface Window {
    /** The live map, for browser tests only: the app reaches the map through useMap(). */
    __safemap?: { map: MapLibreMap };
  }
}

maplibregl.setWorkerUrl(workerUrl);

function labelFeatures(wards: WardSummary[], labels?: Map<string, string>): GeoJSON.Feature<GeoJSON.Point>[] {
  return wards.map((w) => {
    const text = labels?.get(w.code);
    return {
      type: 'Feature',
      properties: {
        code: w.code,
        name_vi: w.nameVi,
        name_en: w.nameEn,
        ...(text ? { level_text: text } : {}),
      },
      geometry: { type: 'Point', coordinates: w.center },
    };
  });
}

/** The MapLibre map: wards and city from our tiles, labels from the ward list. */
export function MapView({
  lang,
  initial,
  wards,
  levels,
  labels,
  groups,
  highlight,
  origin,
  selected,
  onMapClick,
  onMove,
}: Props) {
  const container = useRef<HTMLDivElement>(null);
  const mapRef = useRef<MapLibreMap | undefined>(undefined);
  const callbacks = useRef({ onMapClick, onMove });
  callbacks.current = { onMapClick, onMove };
  const setMap = useSetMap();
  useTileVersions();

  // created once: data and selection changes are applied by the effects below
  useEffect(() => {
    const map = new maplibregl.Map({
      container: container.current as HTMLDivElement,
      style: buildStyle(labelFeatures(wards)),
      center: [initial.lon, initial.lat],
      zoom: initial.zoom,
      minZoom: 8,
      maxZoom: 18,
      maxBounds: [
        [104.8, 20.3],
        [106.6, 21.7],
      ],
      attributionControl: false,
      locale: MAP_LOCALE[lang],
    });
    // the hatching of stale and no-figures wards is drawn here, not fetched; added before any
    // tile is laid out (a tile laid out without it would stay unhatched)
    const addHatch = () => {
      if (!map.hasImage(HATCH)) map.addImage(HATCH, hatchImage());
    };
    addHatch();
    map.on('styleimagemissing', (e) => e.id === HATCH && addHatch());
    map.on('click', (e) => {
      const [hit] = map.queryRenderedFeatures(e.point, { layers: ['wards-fill'] });
      // a finger is wider than the marker: look a few pixels around the tap
      const box: [[number, number], [number, number]] = [
        [e.point.x - 8, e.point.y - 8],
        [e.point.x + 8, e.point.y + 8],
      ];
      const [business] = map.queryRenderedFeatures(box, { layers: ['businesses-circle'] });
      const [place] = map.queryRenderedFeatures(box, { layers: ['resources-circle'] });
      const at = place?.geometry.type === 'Point' ? place.geometry.coordinates : undefined;
      callbacks.current.onMapClick({
        code: hit ? String(hit.properties.code) : undefined,
        business: business ? String(business.properties.id) : undefined,
        place: place && at ? { id: String(place.properties.id), lon: at[0], lat: at[1] } : undefined,
        lon: e.lngLat.lng,
        lat: e.lngLat.lat,
      });
    });
    map.on('mousemove', 'resources-circle', () => {
      map.getCanvas().style.cursor = 'pointer';
    });
    map.on('mousemove', 'businesses-circle', () => {
      map.getCanvas().style.cursor = 'pointer';
    });
    map.on('mousemove', 'wards-fill', () => {
      map.getCanvas().style.cursor = 'pointer';
    });
    map.on('mouseleave', 'wards-fill', () => {
      map.getCanvas().style.cursor = '';
    });
    map.on('moveend', () => {
      const c = map.getCenter();
      callbacks.current.onMove({ lon: c.lng, lat: c.lat, zoom: map.getZoom() });
    });
    mapRef.current = map;
    setMap(map);
    // the test-only handle (test/browser.ts); nothing in the app reads it
    window.__safemap = { map };
    addOrientation(map);
    return () => {
      setMap(undefined);
      map.remove();
    };
  }, [setMap]);

  // MapLibre's own controls in the page's language: they read their labels when added
  useEffect(() => {
    const map = mapRef.current;
    if (!map) return;
    map._locale = { ...map._locale, ...MAP_LOCALE[lang] };
    map.getCanvas().setAttribute('aria-label', MAP_LOCALE[lang]['Map.Title']);
    // our layers' credits in the page's language (the TileJSONs carry them in both)
    const attribution = new maplibregl.AttributionControl({ compact: true, customAttribution: STRINGS[lang].credits });
    const controls: maplibregl.IControl[] = [attribution];
    map.addControl(attribution);
    controls.push(new maplibregl.NavigationControl({ showCompass: false }));
    map.addControl(controls[1], 'bottom-right');
    controls.push(new maplibregl.ScaleControl({ unit: 'metric' }));
    map.addControl(controls[2], 'bottom-left');
    // compact credits open expanded until the first drag: on a phone they start folded (one tap opens them)
    const fold = () => {
      const el = map.getContainer().querySelector('.maplibregl-ctrl-attrib.maplibregl-compact');
      if (!el) return;
      el.classList.remove('maplibregl-compact-show');
      map.off('data', fold);
    };
    map.on('data', fold);
    fold();
    return () => {
      map.off('data', fold);
      for (const c of controls) map.removeControl(c);
    };
  }, [lang]);

  useEffect(() => {
    const map = mapRef.current;
    if (!map) return;
    const apply = () => {
      (map.getSource('ward-labels') as maplibregl.GeoJSONSource | undefined)?.setData({
        type: 'FeatureCollection',
        features: labelFeatures(wards, labels),
      });
      if (!levels) return;
      for (const w of wards) {
        const target = { source: 'wards', sourceLayer: 'wards', id: w.code };
        const shown = levels.byWard.get(w.code);
        if (levels.mode === 'latest') {
          // the tile's own level (each ward's latest) is drawn: no level of a chosen week over it
          map.removeFeatureState(target, 'level');
          map.setFeatureState(target, { stale: shown?.stale ?? false, noFigures: !shown });
        } else {
          map.setFeatureState(target, { level: shown?.level ?? 0, stale: false, noFigures: !shown });
        }
      }
    };
    whenStyled(map, 'labels', apply);
  }, [wards, levels, labels]);

  useEffect(() => {
    const map = mapRef.current;
    if (!map) return;
    const apply = () =>
      (map.getSource('groups') as maplibregl.GeoJSONSource | undefined)?.setData(
        groups ?? { type: 'FeatureCollection', features: [] },
      );
    whenStyled(map, 'groups', apply);
  }, [groups]);

  useEffect(() => {
    const map = mapRef.current;
    if (!map) return;
    whenStyled(map, 'near', () => {
      map.setFilter('resources-highlight', ['==', ['get', 'id'], highlight ?? '']);
      (map.getSource('origin') as maplibregl.GeoJSONSource | undefined)?.setData({
        type: 'FeatureCollection',
        features: origin ? [{ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: origin } }] : [],
      });
    });
  }, [highlight, origin]);

  useEffect(() => {
    const map = mapRef.current;
    if (!map || !selected) return;
    const apply = () =>
      map.setFeatureState({ source: 'wards', sourceLayer: 'wards', id: selected }, { selected: true });
    whenStyled(map, 'selected', apply);
    return () => {
      if (map.getSource('wards'))
        map.setFeatureState({ source: 'wards', sourceLayer: 'wards', id: selected }, { selected: false });
    };
  }, [selected]);

  return <div ref={container} className="map" data-testid="map" />;
}

const pendingOnLoad = new WeakMap<MapLibreMap, Map<string, () => void>>();

/**
 * Runs `apply` now if the style's sources exist, else once the map has loaded, replacing any
 * earlier pending `apply` of the same kind, so a stale one never runs after a fresh one.
 * (isStyleLoaded() turns false again while tiles load, so it cannot be the test.)
 */
export function whenStyled(map: MapLibreMap, kind: string, apply: () => void) {
  const pending = pendingOnLoad.get(map) ?? new Map<string, () => void>();
  pendingOnLoad.set(map, pending);
  const stale = pending.get(kind);
  if (stale) map.off('load', stale);
  pending.delete(kind);
  if (map.getSource('wards')) apply();
  else {
    const run = () => {
      pending.delete(kind);
      apply();
    };
    pending.set(kind, run);
    map.once('load', run);
  }
}

/** Draws the dashboard's layers while `layers` is set; hides them when it is not (or on unmount). */
export function useAnalysisOverlay(layers: AnalysisLayers | undefined) {
  const map = useMap();
  const { data: wards } = useQuery(wardsQuery());
  useEffect(() => {
    if (!map || !wards) return;
    const apply = (l: AnalysisLayers | undefined) => {
      if (!map.getStyle()) return;
      map.setLayoutProperty('wards-hotspots', 'visibility', l ? 'visible' : 'none');
      for (const w of wards) {
        const bin = l?.bins.get(w.code) ?? null;
        map.setFeatureState(
          { source: 'wards', sourceLayer: 'wards', id: w.code },
          { bin: bin ?? 0, noBin: bin === null },
        );
      }
      const empty: GeoJSON.FeatureCollection = { type: 'FeatureCollection', features: [] };
      (map.getSource('analysis-cells') as maplibregl.GeoJSONSource | undefined)?.setData(l?.cells ?? empty);
      (map.getSource('analysis-sites') as maplibregl.GeoJSONSource | undefined)?.setData(l?.sites ?? empty);
    };
    whenStyled(map, 'analysis', () => apply(layers));
    return () => {
      if (map.getSource('wards')) apply(undefined);
    };
  }, [map, wards, layers]);
}
