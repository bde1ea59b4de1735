import { type GridCell, nearestDistances, type Station } from '../../domain/analysis/coverage.js';
import { cellCentres } from '../../domain/analysis/grid-cells.js';
import { sitingOverCells } from '../../domain/analysis/siting-plan.js';

/**
 * The CPU-heavy work that runs in worker threads (pool.ts), never on the event loop. Each task
 * takes its input and, where it reads the population grid, the grid's cells, which a worker keeps
 * between tasks (they are sent once per grid, not with every request).
 */
export const tasks = {
  /** maximal covering siting over the cells of some wards */
  siting(input: { wards: string[]; stations: Station[]; k: number; radiusM: number }, cells?: GridCell[]) {
    return sitingOverCells(ofWards(cells, input.wards), input.stations, input.k, input.radiusM);
  },
  /** metres from each cell of the wards (in grid order) to the nearest station; NaN: no station at all */
  distances(input: { wards: string[]; stations: Station[] }, cells?: GridCell[]) {
    const near = nearestDistances(ofWards(cells, input.wards), input.stations);
    return Float64Array.from(near, (c) => c.distanceM ?? Number.NaN);
  },
  /** the grid's cell centres inside each ward (GeoJSON in UTM metres) */
  gridCentres(input: { wards: { code: string; geojson: string }[] }) {
    return input.wards.map((w) => cellCentres(JSON.parse(w.geojson)));
  },
};

export type Tasks = typeof tasks;
export type TaskName = keyof Tasks;

function ofWards(cells: GridCell[] | undefined, wards: string[]): GridCell[] {
  if (!cells) throw new Error('the grid cells were not sent to this worker');
  const wanted = new Set(wards);
  return cells.filter((c) => wanted.has(c.ward));
}
