import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Basemap, BasemapError, openBasemap } from './archive.js';

/**
 * The basemap file: SAFEMAP_BASEMAP, else the first .pmtiles or .mbtiles (by name) in
 * `<data directory>/basemap/`; undefined when there is none.
 */
export function findBasemap(options: { basemap?: string; dataDir?: string }): string | undefined {
  if (options.basemap) return options.basemap;
  const dir = options.dataDir ? join(options.dataDir, 'basemap') : undefined;
  if (!dir || !existsSync(dir)) return undefined;
  const name = readdirSync(dir)
    .filter((f) => /\.(pmtiles|mbtiles)$/i.test(f))
    .sort()[0];
  return name ? join(dir, name) : undefined;
}

/** How an operator adds a basemap: printed at start when there is none (README, "Basemap"). */
export const BASEMAP_HINT =
  'No basemap (streets, water): set SAFEMAP_BASEMAP to a PMTiles or MBTiles file, e.g. ' +
  '`pmtiles extract https://build.protomaps.com/YYYYMMDD.pmtiles hanoi.pmtiles --bbox=105.28,20.56,106.02,21.39` — see README, "Basemap".';

/**
 * Opens the configured basemap. A file that cannot be served is reported (naming the file and
 * why) and the map runs without a basemap: never a failed start.
 */
export async function loadBasemap(
  options: { basemap?: string; dataDir?: string },
  log: (line: string) => void = (line) => console.log(`[safemap] ${line}`),
): Promise<Basemap | undefined> {
  const file = findBasemap(options);
  if (!file) return undefined;
  try {
    const basemap = await openBasemap(file);
    const { format, schema, minzoom, maxzoom } = basemap.info;
    log(`Basemap: ${file} (${format === 'pmtiles' ? 'PMTiles' : 'MBTiles'}, ${schema} schema, z${minzoom}–${maxzoom})`);
    return basemap;
  } catch (error) {
    const reason = error instanceof BasemapError ? error.message : `${file}: ${error}`;
    log(`Basemap refused — ${reason}. The map runs without a basemap.`);
    return undefined;
  }
}
