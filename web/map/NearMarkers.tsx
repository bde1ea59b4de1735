import * as maplibregl from 'maplibre-gl';
import { useEffect, useRef } from 'react';
import { useMap } from './MapProvider.js';

/**
 * The nearest list's places numbered on the map, each number a button (44×44 px, named
 * "3. <name>") that opens that place's card; the number is the row's number in the list.
 */
export function NearMarkers({
  places,
  current,
  onOpen,
}: {
  places: { id: string; name: string; lon: number; lat: number }[];
  /** the place whose card is open or whose row is marked */
  current?: string;
  onOpen(id: string): void;
}) {
  const map = useMap();
  const open = useRef(onOpen);
  open.current = onOpen;
  const elements = useRef(new Map<string, HTMLButtonElement>());

  useEffect(() => {
    if (!map) return;
    const markers = places.map((p, i) => {
      const el = document.createElement('button');
      el.type = 'button';
      el.className = 'near-marker';
      el.textContent = String(i + 1);
      el.setAttribute('aria-label', `${i + 1}. ${p.name}`);
      el.dataset.testid = 'near-marker';
      el.dataset.id = p.id;
      el.dataset.lngLat = `${p.lon},${p.lat}`;
      // not a tap on the map below it (which would move the list's origin)
      el.addEventListener('click', (e) => {
        e.stopPropagation();
        open.current(p.id);
      });
      elements.current.set(p.id, el);
      // later numbers below earlier ones where they overlap
      el.style.zIndex = String(places.length - i);
      return new maplibregl.Marker({ element: el }).setLngLat([p.lon, p.lat]).addTo(map);
    });
    return () => {
      for (const m of markers) m.remove();
      elements.current.clear();
    };
  }, [map, places]);

  useEffect(() => {
    for (const [id, el] of elements.current) {
      const on = id === current;
      el.classList.toggle('current', on);
      if (on) el.setAttribute('aria-current', 'true');
      else el.removeAttribute('aria-current');
    }
  }, [current, places]);

  return null;
}
