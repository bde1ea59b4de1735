// npm run deploy:trial [-- <nodes> [port]]: the reference deployment on this machine, for a look
// around: PostgreSQL primary + streaming replica, N API nodes (default 3) and nginx in front, all
// on loopback in a temp directory, stopped and deleted with Ctrl-C. Run as root or as a user who
// may start PostgreSQL; needs the Debian packages postgresql-15-postgis-3 and nginx.
import { startDeployment } from './cluster.js';

const nodes = Number(process.argv[2] ?? 3);
const port = process.argv[3] ? Number(process.argv[3]) : 8088;
const started = Date.now();
const deployment = await startDeployment({ nodes, port, log: console.log });
console.log(`\nReady in ${((Date.now() - started) / 1000).toFixed(1)} s: ${deployment.nginx.origin}/`);
for (const n of deployment.nodes) console.log(`  ${n.name}: ${n.origin} (pid ${n.process.pid})`);
console.log(`  primary:  ${deployment.postgres.primaryUrl}\n  replica:  ${deployment.postgres.replicaUrl}`);
console.log(`  nginx:    ${deployment.dir}/nginx (nginx.conf, access.log, cache/)\nCtrl-C stops everything.`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    deployment.stop().finally(() => process.exit(0));
  });
}
