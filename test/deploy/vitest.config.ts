import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// npm run test:deploy: the deployment tests start their own PostgreSQL pair, nodes and nginx, so
// they need no global setup; one file, its tests in order (they share the running deployment).
export default defineConfig({
  test: {
    root: fileURLToPath(new URL('../..', import.meta.url)),
    include: ['test/deploy/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    expect: { poll: { timeout: 10_000 } },
  },
});
