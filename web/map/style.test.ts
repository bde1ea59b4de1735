import { validateStyleMin } from '@maplibre/maplibre-gl-style-spec';
import { describe, expect, it } from 'vitest';
import { buildStyle } from './style.js';

describe('map style', () => {
  it('is a valid MapLibre style (what the map refuses to load otherwise)', () => {
    // buildStyle points glyphs at the page's own origin
    (globalThis as { location?: unknown }).location ??= { origin: 'http://localhost:8080' };
    const errors = validateStyleMin(buildStyle([]));
    expect(errors.map((e) => e.message)).toEqual([]);
  });
});
