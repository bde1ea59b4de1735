import type { Lang } from '../i18n/strings.js';
import { clockTime, useOffline } from './offline-state.js';
import { OFFLINE_STRINGS } from './strings.js';

/** Over the map while offline: the page shows the answers stored when they were last seen, and from when. */
export function OfflineBanner({ lang }: { lang: Lang }) {
  const { offline, dataTime } = useOffline();
  if (!offline) return null;
  const t = OFFLINE_STRINGS[lang];
  return (
    <p className="offline-banner" role="status" data-testid="offline-banner">
      {dataTime === undefined ? t.offline : t.dataFrom(clockTime(dataTime, lang))}
    </p>
  );
}

/** Beside a stock figure while offline: the figure is the stored one, and may have changed since. */
export function OfflineStock({ lang }: { lang: Lang }) {
  const { offline, dataTime } = useOffline();
  if (!offline) return null;
  const t = OFFLINE_STRINGS[lang];
  return (
    <small className="block offline-stock" data-testid="offline-stock">
      {dataTime === undefined ? t.stockUnknown : t.stockFrom(clockTime(dataTime, lang))}
    </small>
  );
}
