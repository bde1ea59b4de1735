import { createApp } from '../api/app.js';
import { openDatabase } from '../data/db.js';
import { Client, seedAccount, TEST_PASSWORD_PARAMS } from '../test/http-client.js';

const db = await openDatabase({ databaseUrl: 'postgres://postgres@/bench?host=/tmp/pgb' });
await db.query(`DELETE FROM sessions WHERE account_id IN (SELECT id FROM accounts WHERE email LIKE 'probe%')`);
await db.query(`DELETE FROM accounts WHERE email LIKE 'probe%'`);
await seedAccount(db, 'probe-d@x.vn', 'district_officer', { level: 'district', code: '002' }, 'probe password 1');
const app = createApp(db, { passwordParams: TEST_PASSWORD_PARAMS });
const c = new Client(app);
await c.login('probe-d@x.vn', 'probe password 1');
for (const path of [
  '/api/analysis/hotspots',
  '/api/analysis/hotspots?fdr=true',
  '/api/analysis/emerging?weeks=8',
  '/api/analysis/coverage?maxM=500',
  '/api/analysis/siting?k=10&radiusM=1000',
  '/api/analysis/siting?k=3&format=csv',
]) {
  const t = performance.now();
  const res = await c.send('GET', path);
  const body = await res.text();
  console.log(path, res.status, (performance.now() - t).toFixed(0), 'ms', body.slice(0, 400).replace(/\s+/g, ' '));
}
await db.close();
