import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { ResourceType } from '../../data/resources/types.js';
import { RESOURCE_STRINGS } from '../i18n/resource-strings.js';
import { type Lang, STRINGS } from '../i18n/strings.js';
import {
  formatDistance,
  hanoiTime,
  type Nearby,
  RESOURCE_TYPE_IDS,
  stockSummary,
  TYPE_STYLE,
} from '../lib/resources.js';
import { fitPoints, useMap } from '../map/MapProvider.js';
import { useRefreshTiles } from '../map/tile-versions.js';
import { OfflineStock } from '../offline/Offline.js';
import type { NearQuery } from '../state/view-state.js';
import { SheetHandle, type SheetSize } from '../ui/Sheet.js';
import { ResourceCard } from './ResourceCard.js';

/** A distance from a ward's centre is no more precise than the ward: to 100 m, or 0.1 km. */
const roundFromWard = (m: number) => Math.round(m / 100) * 100;

/**
 * The citizen's list of the nearest places that help, with type chips and an open-now switch;
 * the map frames the origin and every listed place (numbered as in the list, web/map/NearMarkers.tsx).
 */
export function NearMe({
  lang,
  query: { status, origin, types, openNow },
  results,
  measuredFrom,
  failed,
  originName,
  place,
  highlight,
  sheet,
  mayEdit,
  onFilters,
  onOpen,
  onBack,
  onClose,
}: {
  lang: Lang;
  query: NearQuery;
  /** the nearest places, nearest first (undefined while loading or without an origin) */
  results?: Nearby[];
  /** where the server measured from (a ward's centre for a ward origin) */
  measuredFrom?: [number, number];
  failed: boolean;
  /** the origin ward's name, when the list is measured from a ward */
  originName?: string;
  /** the place whose card is open */
  place?: string;
  /** the row marked (the card last opened, or the place found by name) */
  highlight?: string;
  sheet: { size: SheetSize; onSize(size: SheetSize): void };
  /** whether the signed-in official may edit places in this ward */
  mayEdit(wardCode: string | null): boolean;
  onFilters(filters: { types?: ResourceType[]; openNow?: boolean }): void;
  onOpen(id: string): void;
  onBack(): void;
  onClose(): void;
}) {
  const t = RESOURCE_STRINGS[lang];
  const s = STRINGS[lang];
  const map = useMap();
  const client = useQueryClient();
  const refreshTiles = useRefreshTiles();
  const chosen = place ? results?.find((r) => r.id === place) : undefined;
  const fromWard = origin?.kind === 'ward';

  // the map frames the origin and the list (or the open card's place with the origin), above the sheet
  useEffect(() => {
    if (!results || sheet.size === 'full') return;
    const from = measuredFrom ? [{ lon: measuredFrom[0], lat: measuredFrom[1] }] : [];
    fitPoints(map, [...from, ...(chosen ? [chosen] : results)]);
  }, [results, chosen, map, measuredFrom, sheet.size]);

  const toggle = (type: ResourceType) =>
    onFilters({ types: types.includes(type) ? types.filter((x) => x !== type) : [...types, type] });
  const now = Date.now();

  return (
    <aside className={`panel near sheet-${sheet.size}`} aria-labelledby="near-title" data-testid="near-panel">
      <SheetHandle lang={lang} {...sheet} />
      <button type="button" className="close" onClick={onClose} aria-label={s.closeNear}>
        ×
      </button>
      {/* announced when the list arrives or changes, not on every re-render of the panel */}
      <p className="visually-hidden" role="status">
        {results && !chosen ? s.nearFound(results.length) : ''}
      </p>
      <h2 id="near-title">{t.nearTitle}</h2>
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
          {failed && <p className="form-error">{s.loadError}</p>}
          {results && results.length === 0 && <p className="muted">{t.none}</p>}
          <ol className="near-list" data-testid="near-list">
            {results?.map((r, i) => (
              <li key={r.id} className={r.id === highlight ? 'current' : undefined}>
                <button
                  type="button"
                  onClick={() => onOpen(r.id)}
                  aria-current={r.id === highlight ? 'true' : undefined}
                  data-id={r.id}
                >
                  {/* the same number as on the map */}
                  <b className="near-number" aria-hidden="true">
                    {i + 1}
                  </b>
                  <i className="type-mark" style={{ background: TYPE_STYLE[r.type].colour }} aria-hidden="true">
                    {TYPE_STYLE[r.type].mark}
                  </i>
                  <span className="near-main">
                    <strong>{r.name}</strong>
                    <small>
                      {t.types[r.type]} ·{' '}
                      <span className="distance">
                        {formatDistance(fromWard ? roundFromWard(r.distanceM) : r.distanceM, lang)}
                      </span>{' '}
                      · {t.walk(r.travelMinutes.walk)}
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
