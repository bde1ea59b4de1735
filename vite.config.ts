import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { type Plugin, runnerImport } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { defineConfig } from 'vitest/config';

const api = `http://localhost:${process.env.PORT ?? 8080}`;

/**
 * Brotli and gzip copies of every text asset, made once at build, so the server sends compressed
 * bytes without compressing per request (api/static.ts picks one by Accept-Encoding).
 */
function precompress(): Plugin {
  let outDir = '';
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? walk(join(dir, f)) : [join(dir, f)]));
  return {
    name: 'safemap-precompress',
    apply: 'build',
    enforce: 'post',
    configResolved: (config) => {
      // relative to the root (web/), not to where vite was started
      outDir = resolve(config.root, config.build.outDir);
    },
    // after the service worker is written (vite-plugin-pwa writes it when the bundle closes)
    closeBundle: {
      order: 'post',
      sequential: true,
      handler() {
        for (const file of walk(outDir).filter((f) => /\.(js|mjs|css|html|svg|json|webmanifest)$/.test(f))) {
          const raw = readFileSync(file);
          if (raw.length < 256) continue; // too small to gain
          writeFileSync(`${file}.br`, brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
          writeFileSync(`${file}.gz`, gzipSync(raw, { level: 9 }));
        }
      },
    },
  };
}

/**
 * index.html's #root filled with the first view's markup (web/shell.tsx), so the page paints its header,
 * search box, map placeholder, legend and hotline from the HTML, before any script has run.
 */
function staticShell(): Plugin {
  let root = '';
  return {
    name: 'safemap-static-shell',
    apply: 'build',
    configResolved: (config) => {
      root = config.root;
    },
    async transformIndexHtml(html) {
      const { module } = await runnerImport<{ renderShell(): string }>(resolve(root, 'shell.tsx'), {
        configFile: false,
        root,
        logLevel: 'error',
      });
      const shell = module.renderShell();
      if (!html.includes('<div id="root"></div>')) throw new Error('index.html has no empty <div id="root">');
      return html.replace('<div id="root"></div>', `<div id="root">${shell}</div>`);
    },
  };
}

export default defineConfig({
  root: 'web',
  plugins: [
    react(),
    staticShell(),
    VitePWA({
      strategies: 'injectManifest',
      srcDir: '.',
      filename: 'sw.ts',
      // registered by web/offline/register.ts once the page has loaded
      injectRegister: false,
      manifest: {
        name: 'Bản đồ an toàn COVID-19 Hà Nội',
        short_name: 'An toàn HN',
        description: 'Cấp độ dịch theo phường và nơi hỗ trợ gần bạn — COVID-19 safety map and help nearby, Hanoi',
        lang: 'vi',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        theme_color: '#0b5e55',
        background_color: '#ffffff',
        icons: [
          { src: '/icons/icon.svg', sizes: 'any', type: 'image/svg+xml' },
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any maskable' },
        ],
      },
      injectManifest: {
        // the icons and the manifest are added by the plugin itself
        globPatterns: ['**/*.{js,css,html}'],
        // MapLibre's chunk is about 1.1 MB
        maximumFileSizeToCacheInBytes: 3 * 1024 * 1024,
      },
    }),
    precompress(),
  ],
  build: { outDir: '../dist/web', emptyOutDir: true, chunkSizeWarningLimit: 1500 },
  server: {
    port: 5173,
    proxy: { '/api': api, '/tiles': api, '/fonts': api },
  },
  test: {
    root: '.',
    include: ['{api,data,domain,tiles,web,test}/**/*.test.ts'],
    // npm run test:deploy (test/deploy/vitest.config.ts): they start a whole deployment of their own
    exclude: ['test/deploy/**', 'node_modules/**'],
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
