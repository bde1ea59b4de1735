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

/** Moves the map to a ward (search, links), never zooming out. */
export function flyToWard(map: MapLibreMap | undefined, ward: { center: [number, number] }) {
  map?.flyTo({ center: ward.center, zoom: Math.max(map.getZoom(), 13) });
}

/** Frames the given points (the nearest list), leaving room for the panel over the map. */
export function fitPoints(map: MapLibreMap | undefined, points: { lon: number; lat: number }[]) {
  if (!map || points.length === 0) return;
  const lons = points.map((x) => x.lon);
  const lats = points.map((x) => x.lat);
  const phone = innerWidth <= 640;
  map.fitBounds(
    [
      [Math.min(...lons), Math.min(...lats)],
      [Math.max(...lons), Math.max(...lats)],
    ],
    {
      padding: { top: 80, bottom: phone ? innerHeight * 0.5 : 60, left: phone ? 40 : 380, right: 60 },
      maxZoom: 16,
    },
  );
}
