import { onlineManager, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { createQueryClient } from './lib/query-client.js';
import { MapProvider } from './map/MapProvider.js';
import { registerServiceWorker } from './offline/register.js';
import './styles.css';

const client = createQueryClient();
// offline, a query still asks once, so the service worker can answer from what it stored; retries
// wait for the connection, and every shown query refetches when it is back, fresh or not (what
// came while offline was the stored answer)
const defaults = client.getDefaultOptions();
client.setDefaultOptions({
  ...defaults,
  queries: { ...defaults.queries, networkMode: 'offlineFirst', refetchOnReconnect: 'always' },
});
// a page opened offline hears no 'offline' event: start from the browser's state, so 'online' is a change
onlineManager.setOnline(navigator.onLine);

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <QueryClientProvider client={client}>
      <MapProvider>
        <App />
      </MapProvider>
    </QueryClientProvider>
  </StrictMode>,
);
registerServiceWorker();
