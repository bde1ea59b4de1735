import type { Map as MapLibreMap } from 'maplibre-gl';
import { createContext, type ReactNode, useContext, useState } from 'react';

const MapContext = createContext<{ map: MapLibreMap | undefined; setMap(map: MapLibreMap | undefined): void } | null>(
  null,
);

/** Holds the one MapLibre map, so components reach it through `useMap()`. */
export function MapProvider({ children }: { children: ReactNode }) {
  const [map, setMap] = useState<MapLibreMap>();
  return <MapContext.Provider value={{ map, setMap }}>{children}</MapContext.Provider>;
}

function useMapContext() {
  const context = useContext(MapContext);
  if (!context) throw new Error('useMap() needs a <MapProvider> above it');
  return context;
}

/** The live map once it exists (undefined during the first render). */
export function useMap(): MapLibreMap | undefined {
  return useMapContext().map;
}

/** For MapView only: announces the map it created (and its removal). */
export function useSetMap(): (map: MapLibreMap | undefined) => void {
  return useMapContext().setMap;
}

// half a numbered marker (44 px) and a little air
const MARGIN = 32;

/**
 * The map's padding for what covers it: the panel beside it (desktop), the sheet over its lower
 * part if any (on a phone the sheet sits below the map, so it covers nothing), the chrome along
 * its top edge (legend, hotline, near-me button on a phone). Clamped so the padded area never
 * goes below a third of the canvas (MapLibre: "Map cannot fit within canvas").
 */
export function visiblePadding(map: MapLibreMap): { top: number; bottom: number; left: number; right: number } {
  const box = map.getContainer().getBoundingClientRect();
  const pad = { top: MARGIN, bottom: MARGIN + 16, left: MARGIN, right: MARGIN };
  const panel = document.querySelector('.main > .panel')?.getBoundingClientRect();
  if (panel && panel.bottom > box.top && panel.top < box.bottom && panel.right > box.left && panel.left < box.right) {
    if (panel.top > box.top + box.height / 3) pad.bottom = Math.max(pad.bottom, box.bottom - panel.top + MARGIN);
    else if (panel.left - box.left < box.width / 3) pad.left = Math.max(pad.left, panel.right - box.left + MARGIN);
  }
  for (const chrome of document.querySelectorAll('.main > .legend, .main > .hotline, .main > .near-button')) {
    const r = chrome.getBoundingClientRect();
    if (r.height > 0 && r.top < box.top + box.height / 3 && r.bottom < box.top + box.height / 2)
      pad.top = Math.max(pad.top, r.bottom - box.top + MARGIN);
  }
  // the zoom buttons at the bottom right on a desktop
  if (!matchMedia('(max-width: 640px)').matches) pad.right = Math.max(pad.right, 60);
  const fit = (a: 'top' | 'left', b: 'bottom' | 'right', size: number) => {
    const room = size / 3;
    const over = pad[a] + pad[b] - (size - room);
    if (over > 0) {
      const k = (size - room) / (pad[a] + pad[b]);
      pad[a] = Math.floor(pad[a] * k);
      pad[b] = Math.floor(pad[b] * k);
    }
  };
  fit('top', 'bottom', box.height);
  fit('left', 'right', box.width);
  return pad;
}

/** Frames a ward's bounding box within the visible part of the map. */
export function frameWard(map: MapLibreMap | undefined, bbox: [number, number, number, number]) {
  if (!map) return;
  map.resize();
  map.fitBounds(
    [
      [bbox[0], bbox[1]],
      [bbox[2], bbox[3]],
    ],
    { padding: visiblePadding(map), maxZoom: 16 },
  );
}

/** Frames the given points (the origin and the nearest list) within the visible part of the map. */
export function fitPoints(map: MapLibreMap | undefined, points: { lon: number; lat: number }[]) {
  if (!map || points.length === 0) return;
  const lons = points.map((x) => x.lon);
  const lats = points.map((x) => x.lat);
  // the sheet below the map may just have changed its height
  map.resize();
  map.fitBounds(
    [
      [Math.min(...lons), Math.min(...lats)],
      [Math.max(...lons), Math.max(...lats)],
    ],
    { padding: visiblePadding(map), maxZoom: 16 },
  );
}
