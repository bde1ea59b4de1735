import { useEffect, useState } from 'react';
import { RESOURCE_STRINGS } from '../i18n/resource-strings.js';
import type { Lang } from '../i18n/strings.js';
import {
  fetchNearest,
  formatDistance,
  hanoiTime,
  type Nearby,
  RESOURCE_TYPE_IDS,
  stockSummary,
  TYPE_STYLE,
} from '../lib/resources.js';
import { refreshTiles } from '../map/tile-versions.js';
import { ResourceCard } from './ResourceCard.js';

export type Origin = { kind: 'you' | 'point'; lon: number; lat: number } | { kind: 'ward'; ward: string; name: string };

/** The citizen's list of the nearest places that help, with type chips and an open-now switch. */
export function NearMe({
  lang,
  origin,
  status,
  mayEdit,
  onShow,
  onClose,
}: {
  lang: Lang;
  origin: Origin | undefined;
  /** what is happening with the location: locating, denied, or picking on the map */
  status: 'locating' | 'denied' | 'pick' | 'ready';
  /** whether the signed-in official may edit places in this ward */
  mayEdit(wardCode: string | null): boolean;
  onShow(resource: Nearby | undefined, all: Nearby[]): void;
  onClose(): void;
}) {
  const t = RESOURCE_STRINGS[lang];
  const [types, setTypes] = useState<string[]>([]);
  const [openNow, setOpenNow] = useState(false);
  const [results, setResults] = useState<Nearby[]>();
  const [chosen, setChosen] = useState<Nearby>();
  const [failed, setFailed] = useState(false);
  const [reload, setReload] = useState(0);

  useEffect(() => {
    if (!origin) return;
    let live = true;
    setFailed(false);
    fetchNearest(origin.kind === 'ward' ? { ward: origin.ward } : origin, types, openNow).then(
      (r) => {
        if (!live) return;
        setResults(r.resources);
        setChosen(undefined);
        onShow(undefined, r.resources);
      },
      () => live && setFailed(true),
    );
    return () => {
      live = false;
    };
  }, [origin, types, openNow, onShow, reload]);

  const toggle = (type: string) => setTypes(types.includes(type) ? types.filter((x) => x !== type) : [...types, type]);
  const now = Date.now();

  return (
    <aside className="panel near" aria-live="polite" data-testid="near-panel">
      <button type="button" className="close" onClick={onClose} aria-label="×">
        ×
      </button>
      <h2>{t.nearTitle}</h2>
      {chosen ? (
        <ResourceCard
          lang={lang}
          resource={chosen}
          origin={origin && origin.kind !== 'ward' ? origin : undefined}
          editable={mayEdit(chosen.wardCode)}
          onSaved={() => {
            setReload(reload + 1);
            refreshTiles();
          }}
          onBack={() => {
            setChosen(undefined);
            onShow(undefined, results ?? []);
          }}
        />
      ) : (
        <>
          <p className="subtitle">
            {status === 'locating' && t.locating}
            {status === 'pick' && t.pickOnMap}
            {status === 'ready' &&
              origin &&
              (origin.kind === 'ward' ? t.fromWard(origin.name) : origin.kind === 'you' ? t.fromYou : t.fromPoint)}
          </p>
          {status === 'denied' && (
            <p className="form-error" role="alert" data-testid="location-denied">
              {t.denied}
            </p>
          )}
          <fieldset className="chips">
            {RESOURCE_TYPE_IDS.map((type) => (
              <button
                key={type}
                type="button"
                className="chip"
                aria-pressed={types.includes(type)}
                onClick={() => toggle(type)}
                style={{ borderColor: TYPE_STYLE[type].colour }}
              >
                <i style={{ background: TYPE_STYLE[type].colour }}>{TYPE_STYLE[type].mark}</i> {t.types[type]}
              </button>
            ))}
            <label className="chip">
              <input type="checkbox" checked={openNow} onChange={(e) => setOpenNow(e.target.checked)} /> {t.openNowOnly}
            </label>
          </fieldset>
          {failed && <p className="form-error">…</p>}
          {results && results.length === 0 && <p className="muted">{t.none}</p>}
          <ol className="near-list" data-testid="near-list">
            {results?.map((r) => (
              <li key={r.id}>
                <button
                  type="button"
                  onClick={() => {
                    setChosen(r);
                    onShow(r, results);
                  }}
                >
                  <i className="type-mark" style={{ background: TYPE_STYLE[r.type].colour }}>
                    {TYPE_STYLE[r.type].mark}
                  </i>
                  <span className="near-main">
                    <strong>{r.name}</strong>
                    <small>
                      {t.types[r.type]} · <span className="distance">{formatDistance(r.distanceM, lang)}</span> ·{' '}
                      {t.walk(r.walkMinutes)}
                    </small>
                    <small className={r.openNow ? 'open' : 'closed'}>
                      {r.openNow ? t.openNow : t.closedNow}
                      {r.nextChange
                        ? ` · ${r.openNow ? t.closesAt(hanoiTime(r.nextChange)) : t.opensAt(hanoiTime(r.nextChange))}`
                        : r.openNow
                          ? ` · ${t.always}`
                          : ''}
                    </small>
                    {Object.keys(r.stock).length > 0 && (
                      <small>
                        {stockSummary(r.stock, t.stock)}
                        {r.stockUpdatedAt &&
                          ` · ${t.updated(Math.max(0, Math.round((now - Date.parse(r.stockUpdatedAt)) / 60_000)))}`}
                      </small>
                    )}
                  </span>
                </button>
              </li>
            ))}
          </ol>
        </>
      )}
    </aside>
  );
}
