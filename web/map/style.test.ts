import { validateStyleMin } from '@maplibre/maplibre-gl-style-spec';
import type { StyleSpecification } from 'maplibre-gl';
import { describe, expect, it } from 'vitest';
import { type BasemapStatus, buildStyle, orientationLayers } from './style.js';

// buildStyle points glyphs at the page's own origin
(globalThis as { location?: unknown }).location ??= { origin: 'http://localhost:8080' };

/** The style as the map ends up with it: orientation layers inserted where addOrientation puts them. */
function styleWith(basemap: BasemapStatus): StyleSpecification {
  const style = buildStyle([]);
  const { sources, layers } = orientationLayers(basemap);
  Object.assign(style.sources, sources);
  for (const { layer, before } of layers) {
    const at = style.layers.findIndex((l) => l.id === before);
    expect(at, `${layer.id} goes before ${before}`).toBeGreaterThanOrEqual(0);
    style.layers.splice(at, 0, layer);
  }
  return style;
}

const FONTS = new Set(['Noto Sans Regular', 'Noto Sans Medium']);
/** every literal font name a layer asks for (expressions included) */
function fontsOf(style: StyleSpecification): Set<string> {
  const found = new Set<string>();
  const walk = (v: unknown) => {
    if (typeof v === 'string' && v.startsWith('Noto')) found.add(v);
    else if (Array.isArray(v)) v.forEach(walk);
  };
  for (const l of style.layers) if ('layout' in l && l.layout && 'text-font' in l.layout) walk(l.layout['text-font']);
  return found;
}

describe('map style', () => {
  it('is a valid MapLibre style (what the map refuses to load otherwise)', () => {
    const errors = validateStyleMin(buildStyle([]));
    expect(errors.map((e) => e.message)).toEqual([]);
  });

  for (const schema of ['openmaptiles', 'protomaps'] as const) {
    it(`with a ${schema} basemap: valid, under the safety layers, our glyphs only, no sprite`, () => {
      const style = styleWith({ available: true, schema, url: '/tiles/basemap.json?v=1' });
      expect(validateStyleMin(style).map((e) => e.message)).toEqual([]);
      const ids = style.layers.map((l) => l.id);
      const basemap = ids.filter((id) => id.startsWith('basemap-'));
      expect(basemap.length).toBeGreaterThan(5);
      // every basemap shape below the level fill, every basemap name below the ward names and our symbols
      const last = Math.max(...basemap.map((id) => ids.indexOf(id)));
      expect(last).toBeLessThan(ids.indexOf('wards-label'));
      for (const l of style.layers.filter((l) => l.id.startsWith('basemap-') && l.type !== 'symbol'))
        expect(ids.indexOf(l.id)).toBeLessThan(ids.indexOf('wards-fill'));
      expect(ids.indexOf('resources-circle')).toBeGreaterThan(last);
      // fonts the server has (Devanagari is only asked for in Devanagari script, absent in Hanoi)
      expect([...fontsOf(style)].filter((f) => !FONTS.has(f) && !f.includes('Devanagari'))).toEqual([]);
      expect(style.layers.some((l) => 'layout' in l && l.layout && 'icon-image' in l.layout)).toBe(false);
      // Vietnamese names
      expect(JSON.stringify(style.layers)).toContain('name:vi');
    });
  }

  it('without a basemap: the landmarks, at street zoom', () => {
    const style = styleWith({ available: false });
    expect(validateStyleMin(style).map((e) => e.message)).toEqual([]);
    const labels = style.layers.find((l) => l.id === 'landmarks-label');
    expect(labels?.minzoom).toBe(14);
    expect(style.layers.some((l) => l.id.startsWith('basemap-'))).toBe(false);
  });
});
