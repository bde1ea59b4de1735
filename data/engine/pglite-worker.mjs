// A worker thread starts without the TypeScript loader its parent runs under (tsx for npm start,
// Vite for the tests): register tsx here, then load the worker itself.
import { register } from 'tsx/esm/api';

register();
await import('./pglite-worker.ts');
