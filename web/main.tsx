import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { createQueryClient } from './lib/query-client.js';
import { MapProvider } from './map/MapProvider.js';
import './styles.css';

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <QueryClientProvider client={createQueryClient()}>
      <MapProvider>
        <App />
      </MapProvider>
    </QueryClientProvider>
  </StrictMode>,
);
