/*
 * The page's first view as HTML, rendered at build (vite.config.ts) into index.html's #root: the
 * header, the search box, the map's placeholder, the legend, "near me" and the hotline paint from the
 * HTML and its stylesheet, before any script has run. main.tsx then renders the same view in their
 * place (the same markup, so nothing moves), and the map comes after (web/lazy.tsx).
 */
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { renderToString } from 'react-dom/server';
import { App } from './App.js';
import { MapProvider } from './map/MapProvider.js';

/**
 * The markup of the first render of `/` (Vietnamese, nothing loaded yet), without test ids: a test
 * waits for the app's own elements, not for their picture painted before the script runs.
 */
export function renderShell(): string {
  return renderToString(
    <StrictMode>
      <QueryClientProvider client={new QueryClient()}>
        <MapProvider>
          <App />
        </MapProvider>
      </QueryClientProvider>
    </StrictMode>,
  ).replace(/ data-testid="[^"]*"/g, '');
}
