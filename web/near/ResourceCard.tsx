import { RESOURCE_STRINGS } from '../i18n/resource-strings.js';
import type { Lang } from '../i18n/strings.js';
import { formatDistance, hanoiTime, type Nearby, stockSummary, TYPE_STYLE } from '../lib/resources.js';
import { OfflineStock } from '../offline/Offline.js';
import { ResourceAdmin } from './ResourceAdmin.js';

/** One place: how far, open or not, stock and its age, a call button and directions. */
export function ResourceCard({
  lang,
  resource: r,
  origin,
  editable,
  onBack,
  onSaved,
}: {
  lang: Lang;
  resource: Nearby;
  origin?: { lon: number; lat: number };
  /** the signed-in official's scope covers this place's ward */
  editable: boolean;
  onBack(): void;
  onSaved(): void;
}) {
  const t = RESOURCE_STRINGS[lang];
  const tel = r.phone?.replace(/[^\d+]/g, '');
  // OpenStreetMap's own router, on foot; a geo: URI opens the phone's maps app
  const osm = `https://www.openstreetmap.org/directions?engine=fossgis_osrm_foot&route=${
    origin ? `${origin.lat.toFixed(5)},${origin.lon.toFixed(5)}` : ''
  };${r.lat.toFixed(5)},${r.lon.toFixed(5)}`;
  const age = r.stockUpdatedAt ? Math.max(0, Math.round((Date.now() - Date.parse(r.stockUpdatedAt)) / 60_000)) : null;
  return (
    <div className="resource-card" data-testid="resource-card">
      <button type="button" className="link" onClick={onBack}>
        ‹ {t.back}
      </button>
      <h3>
        <i className="type-mark" style={{ background: TYPE_STYLE[r.type].colour }}>
          {TYPE_STYLE[r.type].mark}
        </i>{' '}
        {r.name}
      </h3>
      <p className="muted">
        {t.types[r.type]} · {r.address}
      </p>
      <p>
        <strong>{formatDistance(r.distanceM, lang)}</strong> · {t.walk(r.walkMinutes)}
      </p>
      <p className={r.openNow ? 'open' : 'closed'}>
        {r.openNow ? t.openNow : t.closedNow}
        {r.nextChange && ` · ${r.openNow ? t.closesAt(hanoiTime(r.nextChange)) : t.opensAt(hanoiTime(r.nextChange))}`}
        <small className="block muted">
          {t.hours}: {r.openingHours}
        </small>
      </p>
      {Object.keys(r.stock).length > 0 && (
        <p>
          {stockSummary(r.stock, t.stock)}
          {age !== null && <small className="block muted">{t.updated(age)}</small>}
          <OfflineStock lang={lang} />
        </p>
      )}
      {r.demo && <p className="demo-note">{t.demo}</p>}
      <div className="card-actions">
        {tel && (
          <a className="button primary" href={`tel:${tel}`} data-testid="call">
            {t.call} {r.phone}
          </a>
        )}
        <a className="button" href={osm} target="_blank" rel="noreferrer" data-testid="directions">
          {t.directions}
        </a>
        <a className="button" href={`geo:${r.lat.toFixed(6)},${r.lon.toFixed(6)}`}>
          {t.openInMaps}
        </a>
      </div>
      {editable && <ResourceAdmin lang={lang} resource={r} onSaved={onSaved} />}
    </div>
  );
}
