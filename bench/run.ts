// npm run bench [-- analysis|businesses-tile|deploy|first-load|levels|national|pglite-load|resources|tiles]: each benchmark prints its figures and a ratio against a
// baseline measured in the same run.
import { benchAnalysis } from './analysis.js';
import { benchBusinessesTile } from './businesses-tile.js';
import { benchDeploy } from './deploy.js';
import { benchFirstLoad } from './first-load.js';
import { benchLevels } from './levels.js';
import { benchNational } from './national.js';
import { benchPgliteLoad } from './pglite-load.js';
import { benchResources } from './resources.js';
import { benchTiles } from './tiles.js';

const BENCHES: Record<string, () => Promise<void>> = {
  analysis: benchAnalysis,
  'businesses-tile': benchBusinessesTile,
  deploy: benchDeploy,
  'first-load': benchFirstLoad,
  levels: benchLevels,
  national: benchNational,
  'pglite-load': benchPgliteLoad,
  resources: benchResources,
  tiles: benchTiles,
};
const only = process.argv.slice(2);
for (const [name, run] of Object.entries(BENCHES)) {
  if (only.length > 0 && !only.includes(name)) continue;
  console.log(`\n# ${name}`);
  await run();
}
