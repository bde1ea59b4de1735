import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useId, useState } from 'react';
import { RISK_CLASS_COLORS, RISK_CLASS_LABELS, SECTOR_LABELS } from '../../domain/rules/assessment/labels.js';
import { RESOURCE_STRINGS } from '../i18n/resource-strings.js';
import { type Lang, STRINGS } from '../i18n/strings.js';
import { type WardSummary, wardsQuery } from '../lib/api-client.js';
import { businessSearchQuery, type FoundBusiness } from '../lib/businesses.js';
import { type FoundResource, resourceSearchQuery, TYPE_STYLE } from '../lib/resources.js';

/** The text typed, once it has rested for `ms`. */
function useDebounced(value: string, ms: number) {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
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
  onPickBusiness(business: FoundBusiness): void;
}) {
  const t = STRINGS[lang];
  const tr = RESOURCE_STRINGS[lang];
  const [q, setQ] = useState('');
  const listId = useId();
  const query = useDebounced(q.trim(), 150);
  const typed = q.trim() !== '' && query !== '';
  // the last answers stay while the next ones load, so the list does not flicker
  const wards = useQuery({ ...wardsQuery(query), enabled: typed, placeholderData: keepPreviousData });
  const found = useQuery({ ...resourceSearchQuery(query), placeholderData: keepPreviousData });
  const shops = useQuery({ ...businessSearchQuery(query), placeholderData: keepPreviousData });
  const results: WardSummary[] | undefined = !typed ? undefined : wards.isError ? [] : wards.data?.slice(0, 6);
  const places: FoundResource[] = typed && query.length >= 2 ? (found.data ?? []) : [];
  const businesses: FoundBusiness[] = typed && query.length >= 2 ? (shops.data ?? []) : [];

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
