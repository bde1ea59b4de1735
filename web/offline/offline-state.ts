import { useEffect, useState, useSyncExternalStore } from 'react';

/** The cache web/sw.ts keeps the public API answers in. */
const API_CACHE = 'safemap-api';

const subscribe = (onChange: () => void) => {
  window.addEventListener('online', onChange);
  window.addEventListener('offline', onChange);
  return () => {
    window.removeEventListener('online', onChange);
    window.removeEventListener('offline', onChange);
  };
};

/**
 * When the answers this page shows were made, if it is offline: the oldest `Date` of the stored
 * answers (web/sw.ts) to the API requests the page made. Undefined online, or when none was stored.
 */
async function shownDataTime(): Promise<number | undefined> {
  if (!('caches' in window) || !(await caches.has(API_CACHE))) return undefined;
  const cache = await caches.open(API_CACHE);
  const asked = new Set(
    performance
      .getEntriesByType('resource')
      .map((e) => e.name)
      .filter((url) => new URL(url).pathname.startsWith('/api/')),
  );
  let oldest: number | undefined;
  for (const url of asked) {
    const made = Date.parse((await cache.match(url))?.headers.get('Date') ?? '');
    if (Number.isFinite(made) && (oldest === undefined || made < oldest)) oldest = made;
  }
  return oldest;
}

/** Whether the browser is offline, and when the shown data was made (see shownDataTime). */
export function useOffline(): { offline: boolean; dataTime?: number } {
  const offline = useSyncExternalStore(
    subscribe,
    () => !navigator.onLine,
    () => false,
  );
  const [dataTime, setDataTime] = useState<number>();
  useEffect(() => {
    if (!offline) return setDataTime(undefined);
    let live = true;
    const read = () => shownDataTime().then((t) => live && setDataTime(t));
    read();
    // panels opened while offline add answers read from the store
    const timer = setInterval(read, 3000);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [offline]);
  return { offline, dataTime };
}

/** `14:05`, in Hanoi's time. */
export const clockTime = (ms: number, lang: 'vi' | 'en') =>
  new Intl.DateTimeFormat(lang === 'vi' ? 'vi-VN' : 'en-GB', {
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'Asia/Ho_Chi_Minh',
  }).format(ms);
