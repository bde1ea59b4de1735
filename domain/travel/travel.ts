/**
 * Travel time estimates from a straight-line distance. Streets are longer than the straight line
 * (DETOUR ×1.3, typical of a dense city grid); speeds are door-to-door averages in Hanoi traffic:
 * on foot 4.5 km/h, motorbike 25 km/h, car 20 km/h (slower than a motorbike in congestion).
 * These are estimates, said so on the card; no router is called.
 */
export const DETOUR = 1.3;
export const TRAVEL_MODES = ['walk', 'motorbike', 'car'] as const;
export type TravelMode = (typeof TRAVEL_MODES)[number];
export const SPEED_KMH: Record<TravelMode, number> = { walk: 4.5, motorbike: 25, car: 20 };

/** Whole minutes (at least 1) to cover a straight-line distance in metres by `mode`. */
export function travelMinutes(distanceM: number, mode: TravelMode): number {
  return Math.max(1, Math.round((distanceM * DETOUR) / ((SPEED_KMH[mode] * 1000) / 60)));
}

/** Minutes by every mode. */
export const travelTimes = (distanceM: number): Record<TravelMode, number> => ({
  walk: travelMinutes(distanceM, 'walk'),
  motorbike: travelMinutes(distanceM, 'motorbike'),
  car: travelMinutes(distanceM, 'car'),
});

/**
 * Directions for a mode, built offline: OpenStreetMap's routers on foot and by car (OSM has no
 * motorbike router; a motorbike uses the car roads), and Google Maps' `two-wheeler` mode, which
 * Google offers in Vietnam, for the motorbike.
 */
export function directionsUrl(
  mode: TravelMode,
  to: { lon: number; lat: number },
  from?: { lon: number; lat: number },
): string {
  const p = (x: { lon: number; lat: number }) => `${x.lat.toFixed(5)},${x.lon.toFixed(5)}`;
  if (mode === 'motorbike') {
    return `https://www.google.com/maps/dir/?api=1${from ? `&origin=${p(from)}` : ''}&destination=${p(to)}&travelmode=two-wheeler`;
  }
  const engine = mode === 'walk' ? 'fossgis_osrm_foot' : 'fossgis_osrm_car';
  return `https://www.openstreetmap.org/directions?engine=${engine}&route=${from ? p(from) : ''};${p(to)}`;
}
