import { describeSchedule } from '../../domain/opening-hours/describe.js';
import { DETOUR, directionsUrl, SPEED_KMH, TRAVEL_MODES, travelTimes } from '../../domain/travel/travel.js';
import { RESOURCE_STRINGS } from '../i18n/resource-strings.js';
import type { Lang } from '../i18n/strings.js';
import { formatTime, formatUpTo } from '../lib/format.js';
import { formatDistance, type Nearby, stockSummary, TYPE_STYLE } from '../lib/resources.js';
import { OfflineStock } from '../offline/Offline.js';
import { ResourceAdmin } from './ResourceAdmin.js';

/** The city's health hotline: offered when a place has no number of its own, never shown as its number. */
const HOTLINE = '1022';

/**
 * One place, what a person needs to go there: the address, how long on foot, by motorbike and by
 * car (estimates, with their speeds) with directions for each, whether it is open and its hours in
 * words, stock and its age, and its own phone — or plainly none, and the city hotline.
 */
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
  const minutes = r.travelMinutes ?? travelTimes(r.distanceM);
  const hours = r.schedule ? describeSchedule(r.schedule, lang) : undefined;
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
      <p className="muted">{t.types[r.type]}</p>
      {r.address && (
        <p data-testid="address">
          {t.address}: {r.address}
        </p>
      )}
      <section aria-label={t.travel} className="travel" data-testid="travel">
        <p>
          <strong>{formatDistance(r.distanceM, lang)}</strong>
        </p>
        <ul>
          {TRAVEL_MODES.map((mode) => (
            <li key={mode}>
              <a
                className="button travel-mode"
                href={directionsUrl(mode, r, origin)}
                target="_blank"
                rel="noreferrer"
                data-testid={`directions-${mode}`}
                aria-label={t.directionsBy(t.modes[mode], minutes[mode])}
              >
                <span>{t.modes[mode]}</span> <b>{t.minutes(minutes[mode])}</b>
              </a>
            </li>
          ))}
        </ul>
        <small className="block muted" data-testid="travel-note">
          {t.travelNote(
            formatUpTo(SPEED_KMH.walk, lang),
            formatUpTo(SPEED_KMH.motorbike, lang),
            formatUpTo(SPEED_KMH.car, lang),
            formatUpTo(DETOUR, lang),
          )}
        </small>
      </section>
      <div className="hours" data-testid="hours">
        <p className={r.openNow ? 'open' : 'closed'}>
          <strong>{r.openNow ? t.openNow : t.closedNow}</strong>
          {r.nextChange &&
            ` · ${r.openNow ? t.closesAt(formatTime(r.nextChange, lang)) : t.opensAt(formatTime(r.nextChange, lang))}`}
        </p>
        {hours && (
          <>
            <p>{hours.today}</p>
            {hours.week.length > 0 && (
              <dl aria-label={t.hours}>
                {hours.week.map((row) => (
                  <div key={row.days}>
                    <dt>{row.days}</dt>
                    <dd>{row.hours}</dd>
                  </div>
                ))}
              </dl>
            )}
            {hours.holidays && <p className="muted">{hours.holidays}</p>}
          </>
        )}
      </div>
      {Object.keys(r.stock).length > 0 && (
        <p>
          {stockSummary(r.stock, t.stock)}
          {age !== null && <small className="block muted">{t.updated(age)}</small>}
          <OfflineStock lang={lang} />
        </p>
      )}
      {r.demo && <p className="demo-note">{t.demo}</p>}
      <div className="card-actions">
        {tel ? (
          <a className="button primary" href={`tel:${tel}`} data-testid="call">
            {t.call} {r.phone}
          </a>
        ) : (
          <>
            <p className="no-phone" data-testid="no-phone">
              {t.noPhone}
            </p>
            <a className="button" href={`tel:${HOTLINE}`} data-testid="hotline">
              {t.callHotline}
            </a>
          </>
        )}
        <a className="button" href={`geo:${r.lat.toFixed(6)},${r.lon.toFixed(6)}`}>
          {t.openInMaps}
        </a>
      </div>
      {editable && <ResourceAdmin lang={lang} resource={r} onSaved={onSaved} />}
    </div>
  );
}
