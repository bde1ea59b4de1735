import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

const api = `http://localhost:${process.env.PORT ?? 8080}`;

export default defineConfig({
  root: 'web',
  plugins: [react()],
  build: { outDir: '../dist/web', emptyOutDir: true, chunkSizeWarningLimit: 1500 },
  server: {
    port: 5173,
    proxy: { '/api': api, '/tiles': api, '/fonts': api },
  },
  test: {
    root: '.',
    include: ['{api,data,domain,tiles,web,test}/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 60_000,
    // a poll waits for what a page or server does next; on 2 busy cores that can take seconds
    expect: { poll: { timeout: 10_000 } },
    hookTimeout: 180_000,
    // suites share one throwaway PostgreSQL cluster; files run in parallel on 2 cores
    fileParallelism: true,
    maxWorkers: 2,
  },
});
