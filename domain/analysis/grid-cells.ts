/**
 * The population grid's geometry, pure: cell centres every `CELL_M` metres on a city-wide lattice
 * (UTM 48N) that fall inside a ward's outline. data/analysis/grid.ts stores them with people.
 */

export const CELL_M = 250;

type Ring = [number, number][];

/** Even–odd point in polygon over all rings (holes included) of a (multi)polygon. */
function inside(x: number, y: number, rings: Ring[]): boolean {
  let odd = false;
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i];
      const [xj, yj] = ring[j];
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) odd = !odd;
    }
  }
  return odd;
}

/**
 * The lattice points inside an area (a Polygon or MultiPolygon in UTM metres); an area smaller
 * than one cell still gets one point, its bounding box's centre: its people must be somewhere.
 */
export function cellCentres(area: { type: string; coordinates: unknown }): { x: number; y: number }[] {
  const rings = (area.type === 'Polygon' ? [area.coordinates] : (area.coordinates as Ring[][])).flat() as Ring[];
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const ring of rings)
    for (const [x, y] of ring)
      [minX, minY, maxX, maxY] = [Math.min(minX, x), Math.min(minY, y), Math.max(maxX, x), Math.max(maxY, y)];
  const mine: { x: number; y: number }[] = [];
  // a city-wide lattice (aligned to multiples of the cell size), so neighbouring wards share it
  for (let x = Math.floor(minX / CELL_M) * CELL_M + CELL_M / 2; x <= maxX; x += CELL_M) {
    for (let y = Math.floor(minY / CELL_M) * CELL_M + CELL_M / 2; y <= maxY; y += CELL_M) {
      if (inside(x, y, rings)) mine.push({ x, y });
    }
  }
  if (mine.length === 0) mine.push({ x: (minX + maxX) / 2, y: (minY + maxY) / 2 });
  return mine;
}
