import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { ResourceType } from '../../data/resources/types.js';
import { RESOURCE_STRINGS } from '../i18n/resource-strings.js';
import type { Lang } from '../i18n/strings.js';
import {
  formatDistance,
  hanoiTime,
  nearestQuery,
  RESOURCE_TYPE_IDS,
  stockSummary,
  TYPE_STYLE,
} from '../lib/resources.js';
import { fitPoints, useMap } from '../map/MapProvider.js';
import { useRefreshTiles } from '../map/tile-versions.js';
import { OfflineStock } from '../offline/Offline.js';
import type { NearQuery } from '../state/view-state.js';
import { ResourceCard } from './ResourceCard.js';

/** The citizen's list of the nearest places that help, with type chips and an open-now switch. */
export function NearMe({
  lang,
  query: { status, origin, types, openNow },
  originName,
  place,
  mayEdit,
  onFilters,
  onOpen,
  onBack,
  onClose,
}: {
  lang: Lang;
  query: NearQuery;
  /** the origin ward's name, when the list is measured from a ward */
  originName?: string;
  /** the place whose card is open */
  place?: string;
  /** whether the signed-in official may edit places in this ward */
  mayEdit(wardCode: string | null): boolean;
  onFilters(filters: { types?: ResourceType[]; openNow?: boolean }): void;
  onOpen(id: string): void;
  onBack(): void;
  onClose(): void;
}) {
  const t = RESOURCE_STRINGS[lang];
  const map = useMap();
  const client = useQueryClient();
  const refreshTiles = useRefreshTiles();
  const from = origin && (origin.kind === 'ward' ? { ward: origin.ward } : origin);
  const nearest = useQuery({ ...nearestQuery(from ?? { lon: 0, lat: 0 }, types, openNow), enabled: !!from });
  const results = from ? nearest.data?.resources : undefined;
  const chosen = place ? results?.find((r) => r.id === place) : undefined;

  // the map frames the list, or flies to the place whose card is open
  useEffect(() => {
    if (!results) return;
    if (chosen) map?.flyTo({ center: [chosen.lon, chosen.lat], zoom: Math.max(map.getZoom(), 15) });
    else fitPoints(map, results);
  }, [results, chosen, map]);

  const toggle = (type: ResourceType) =>
    onFilters({ types: types.includes(type) ? types.filter((x) => x !== type) : [...types, type] });
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
            client.invalidateQueries({ queryKey: ['resources'] });
            refreshTiles();
          }}
          onBack={onBack}
        />
      ) : (
        <>
          <p className="subtitle">
            {status === 'locating' && t.locating}
            {status !== 'locating' &&
              origin &&
              (origin.kind === 'ward'
                ? t.fromWard(originName ?? origin.ward)
                : origin.kind === 'you'
                  ? t.fromYou
                  : t.fromPoint)}
            {status === 'denied' && !origin && t.pickOnMap}
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
              <input type="checkbox" checked={openNow} onChange={(e) => onFilters({ openNow: e.target.checked })} />{' '}
              {t.openNowOnly}
            </label>
          </fieldset>
          {nearest.isError && <p className="form-error">…</p>}
          {results && results.length === 0 && <p className="muted">{t.none}</p>}
          <ol className="near-list" data-testid="near-list">
            {results?.map((r) => (
              <li key={r.id}>
                <button type="button" onClick={() => onOpen(r.id)}>
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
                        <OfflineStock lang={lang} />
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
