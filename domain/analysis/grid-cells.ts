/**
 * The population grid's geometry, pure: cell centres every `CELL_M` metres on a city-wide lattice
 * (UTM 48N) that fall inside a ward's outline. data/analysis/grid.ts stores them with people.
 */

export const CELL_M = 250;

type Ring = [number, number][];

/**
 * Which lattice x positions of the row at height y lie inside the rings (even–odd, holes
 * included): where each edge crosses the row, sorted, then one walk along the row. A point counts
 * the crossings strictly to its right, so a point on an edge is decided as a ray test decides it.
 * Linear in the vertices per row, where a test per point was linear per point: a national grid
 * (~5 million cells of ~1,000-vertex communes) would otherwise take a quarter of an hour.
 */
function rowInside(y: number, x0: number, nx: number, rings: Ring[], out: Uint8Array, offset: number, stride: number) {
  const crossings: number[] = [];
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const xi = ring[i][0];
      const yi = ring[i][1];
      const xj = ring[j][0];
      const yj = ring[j][1];
      if (yi > y !== yj > y) crossings.push(((xj - xi) * (y - yi)) / (yj - yi) + xi);
    }
  }
  crossings.sort((a, b) => a - b);
  let passed = 0;
  for (let c = 0; c < nx; c++) {
    const x = x0 + c * CELL_M;
    while (passed < crossings.length && crossings[passed] <= x) passed++;
    out[offset + c * stride] = (crossings.length - passed) % 2;
  }
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
  const x0 = Math.floor(minX / CELL_M) * CELL_M + CELL_M / 2;
  const y0 = Math.floor(minY / CELL_M) * CELL_M + CELL_M / 2;
  const nx = Math.max(0, Math.floor((maxX - x0) / CELL_M) + 1);
  const ny = Math.max(0, Math.floor((maxY - y0) / CELL_M) + 1);
  const inside = new Uint8Array(nx * ny);
  for (let r = 0; r < ny; r++) rowInside(y0 + r * CELL_M, x0, nx, rings, inside, r, ny);
  // column by column, as the points were always listed (cell ids follow this order)
  for (let c = 0; c < nx; c++) {
    for (let r = 0; r < ny; r++) if (inside[c * ny + r]) mine.push({ x: x0 + c * CELL_M, y: y0 + r * CELL_M });
  }
  if (mine.length === 0) mine.push({ x: (minX + maxX) / 2, y: (minY + maxY) / 2 });
  return mine;
}
