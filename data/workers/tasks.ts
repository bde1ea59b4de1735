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
  siting(input: ScopeInput & { k: number; radiusM: number }, grid?: GridCell[]) {
    return sitingOverCells(scopeOf(input, grid), input.stations, input.k, input.radiusM);
  },
  /** metres from each cell of the wards (in grid order) to the nearest station; NaN: no station at all */
  distances(input: ScopeInput, grid?: GridCell[]) {
    const near = nearestDistances(scopeOf(input, grid), input.stations);
    return Float64Array.from(near, (c) => c.distanceM ?? Number.NaN);
  },
  /** the grid's cell centres inside each ward (GeoJSON in UTM metres) */
  gridCentres(input: { wards: { code: string; geojson: string }[] }) {
    return input.wards.map((w) => cellCentres(JSON.parse(w.geojson)));
  },
};

export type Tasks = typeof tasks;
export type TaskName = keyof Tasks;

interface ScopeInput {
  wards: string[];
  /** the scope's cells, when they come with the task instead of from the shared grid */
  cells?: GridCell[];
  stations: Station[];
}

function scopeOf(input: ScopeInput, grid: GridCell[] | undefined): GridCell[] {
  if (input.cells) return input.cells;
  if (!grid) throw new Error('the grid cells were not sent to this worker');
  const wanted = new Set(input.wards);
  return grid.filter((c) => wanted.has(c.ward));
}
