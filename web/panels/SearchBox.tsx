import { useEffect, useId, useState } from 'react';
import { RISK_CLASS_COLORS, RISK_CLASS_LABELS, SECTOR_LABELS } from '../../data/rules/assessment/labels.js';
import { RESOURCE_STRINGS } from '../i18n/resource-strings.js';
import { type Lang, STRINGS } from '../i18n/strings.js';
import { api, fetchWards, ok, type WardSummary } from '../lib/api-client.js';
import { type PublicBusiness, searchBusinesses } from '../lib/businesses.js';
import { TYPE_STYLE } from '../lib/resources.js';

export type FoundResource = Awaited<ReturnType<typeof findResources>>[number];

async function findResources(q: string) {
  if (q.length < 2) return [];
  return (await ok(await api.api.resources.search.$get({ query: { q, limit: '5' } as never }))).resources;
}

/** Ward, resource and business search: the server ignores diacritics, so `hoan kiem` finds Hoàn Kiếm. */
export function SearchBox({
  lang,
  onPick,
  onPickResource,
  onPickBusiness,
}: {
  lang: Lang;
  onPick(ward: WardSummary): void;
  onPickResource(resource: FoundResource): void;
  onPickBusiness(business: PublicBusiness): void;
}) {
  const t = STRINGS[lang];
  const tr = RESOURCE_STRINGS[lang];
  const [q, setQ] = useState('');
  const [results, setResults] = useState<WardSummary[] | undefined>();
  const [places, setPlaces] = useState<FoundResource[]>([]);
  const [businesses, setBusinesses] = useState<PublicBusiness[]>([]);
  const listId = useId();

  useEffect(() => {
    const query = q.trim();
    if (!query) {
      setResults(undefined);
      setPlaces([]);
      setBusinesses([]);
      return;
    }
    let live = true;
    const timer = setTimeout(() => {
      fetchWards(query).then(
        (wards) => live && setResults(wards.slice(0, 6)),
        () => live && setResults([]),
      );
      findResources(query).then(
        (found) => live && setPlaces(found),
        () => live && setPlaces([]),
      );
      (query.length < 2 ? Promise.resolve([]) : searchBusinesses(query)).then(
        (found) => live && setBusinesses(found),
        () => live && setBusinesses([]),
      );
    }, 150);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [q]);

  return (
    <div className="search">
      <input
        type="search"
        value={q}
        placeholder={t.searchPlaceholder}
        aria-label={t.searchPlaceholder}
        aria-controls={listId}
        onChange={(e) => setQ(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && results?.[0]) {
            onPick(results[0]);
            setQ('');
          }
        }}
      />
      {results && (
        <ul className="search-results" id={listId}>
          {results.length === 0 && places.length === 0 && businesses.length === 0 && (
            <li className="muted">{t.searchNoResult}</li>
          )}
          {results.map((w) => (
            <li key={w.code}>
              <button
                type="button"
                onClick={() => {
                  onPick(w);
                  setQ('');
                }}
              >
                <strong>{lang === 'vi' ? w.fullNameVi : w.fullNameEn}</strong>
                {w.district && <small>{lang === 'vi' ? w.district.nameVi : w.district.nameEn}</small>}
              </button>
            </li>
          ))}
          {places.map((r) => (
            <li key={r.id}>
              <button
                type="button"
                onClick={() => {
                  onPickResource(r);
                  setQ('');
                }}
              >
                <strong>
                  <i className="type-mark" style={{ background: TYPE_STYLE[r.type].colour }}>
                    {TYPE_STYLE[r.type].mark}
                  </i>{' '}
                  {r.name}
                </strong>
                <small>{tr.types[r.type]}</small>
              </button>
            </li>
          ))}
          {businesses.map((b) => (
            <li key={b.premisesId}>
              <button
                type="button"
                onClick={() => {
                  onPickBusiness(b);
                  setQ('');
                }}
              >
                <strong>
                  <i
                    className="type-mark"
                    style={{
                      background: b.status === 'valid' ? RISK_CLASS_COLORS[b.riskClass] : RISK_CLASS_COLORS.expired,
                    }}
                  />{' '}
                  {b.name}
                </strong>
                <small>
                  {SECTOR_LABELS[b.sector][lang]} · {RISK_CLASS_LABELS[b.riskClass][lang]}
                </small>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
