import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { type ReactNode, useEffect, useId, useState } from 'react';
import { RISK_CLASS_COLORS, RISK_CLASS_LABELS, SECTOR_LABELS } from '../../domain/rules/assessment/labels.js';
import { RESOURCE_STRINGS } from '../i18n/resource-strings.js';
import { SEARCH_STRINGS } from '../i18n/search-strings.js';
import type { Lang } from '../i18n/strings.js';
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

interface Option {
  key: string;
  pick(): void;
  body: ReactNode;
}

/**
 * Ward, place and business search as an ARIA 1.2 combobox: the input owns a listbox only while one
 * is shown, arrows move the active option, Enter picks it, Escape closes. The server folds marks
 * and short forms (data/import/normalize.ts), so `oxy` finds `ô xy` and `tyt` a `trạm y tế`.
 */
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
  const s = SEARCH_STRINGS[lang];
  const tr = RESOURCE_STRINGS[lang];
  const [q, setQ] = useState('');
  const [active, setActive] = useState(-1);
  const [closed, setClosed] = useState(false);
  const listId = useId();
  const query = useDebounced(q.trim(), 150);
  const typed = q.trim() !== '' && query !== '';
  // the last answers stay while the next ones load, so the list does not flicker
  const wards = useQuery({ ...wardsQuery(query), enabled: typed, placeholderData: keepPreviousData });
  const found = useQuery({ ...resourceSearchQuery(query), placeholderData: keepPreviousData });
  const shops = useQuery({ ...businessSearchQuery(query), placeholderData: keepPreviousData });
  const long = typed && query.length >= 2;
  const settled = typed && !wards.isFetching && (!long || (!found.isFetching && !shops.isFetching));
  const done = (pick: () => void) => () => {
    pick();
    setQ('');
    setActive(-1);
  };
  const options: Option[] = !typed
    ? []
    : [
        ...(wards.isError ? [] : (wards.data?.slice(0, 6) ?? [])).map((w) => ({
          key: `w${w.code}`,
          pick: done(() => onPick(w)),
          body: (
            <>
              <strong>{lang === 'vi' ? w.fullNameVi : w.fullNameEn}</strong>
              <small>
                {s.ward}
                {w.district && ` · ${lang === 'vi' ? w.district.nameVi : w.district.nameEn}`}
              </small>
            </>
          ),
        })),
        ...(long ? (found.data ?? []) : []).map((r) => ({
          key: `r${r.id}`,
          pick: done(() => onPickResource(r)),
          body: (
            <>
              <strong>
                <i className="type-mark" style={{ background: TYPE_STYLE[r.type].colour }} aria-hidden="true">
                  {TYPE_STYLE[r.type].mark}
                </i>{' '}
                {r.name}
              </strong>
              <small>
                {tr.types[r.type]}
                {r.address && ` · ${r.address}`}
              </small>
            </>
          ),
        })),
        ...(long ? (shops.data ?? []) : []).map((b) => ({
          key: `b${b.premisesId}`,
          pick: done(() => onPickBusiness(b)),
          body: (
            <>
              <strong>
                <i
                  className="type-mark"
                  aria-hidden="true"
                  style={{
                    background: b.status === 'valid' ? RISK_CLASS_COLORS[b.riskClass] : RISK_CLASS_COLORS.expired,
                  }}
                />{' '}
                {b.name}
              </strong>
              <small>
                {SECTOR_LABELS[b.sector][lang]} · {RISK_CLASS_LABELS[b.riskClass][lang]} · {b.address}
              </small>
            </>
          ),
        })),
      ];
  const expanded = !closed && options.length > 0;
  const optionId = (i: number) => `${listId}-${i}`;

  return (
    <div className="search">
      <input
        type="search"
        role="combobox"
        value={q}
        placeholder={s.placeholder}
        aria-label={s.label}
        aria-autocomplete="list"
        aria-expanded={expanded}
        // only a listbox in the page may be referred to
        aria-controls={expanded ? listId : undefined}
        aria-activedescendant={expanded && active >= 0 ? optionId(active) : undefined}
        onChange={(e) => {
          setQ(e.target.value);
          setActive(-1);
          setClosed(false);
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown' && options.length > 0) {
            e.preventDefault();
            setClosed(false);
            setActive((a) => (a + 1) % options.length);
          } else if (e.key === 'ArrowUp' && options.length > 0) {
            e.preventDefault();
            setActive((a) => (a <= 0 ? options.length - 1 : a - 1));
          } else if (e.key === 'Enter' && expanded) {
            e.preventDefault();
            options[Math.max(0, active)]?.pick();
          } else if (e.key === 'Escape' && expanded) {
            e.stopPropagation();
            setClosed(true);
            setActive(-1);
          }
        }}
      />
      {expanded && (
        <div className="search-results" id={listId} role="listbox" aria-label={s.label}>
          {options.map((o, i) => (
            // biome-ignore lint/a11y/useKeyWithClickEvents: the combobox input handles the keys (aria-activedescendant)
            <div
              key={o.key}
              id={optionId(i)}
              role="option"
              tabIndex={-1}
              aria-selected={i === active}
              className={i === active ? 'active' : undefined}
              onMouseDown={(e) => e.preventDefault()}
              onClick={o.pick}
            >
              {o.body}
            </div>
          ))}
        </div>
      )}
      <p className="search-status" role="status" aria-live="polite">
        {settled && options.length === 0 && <span className="search-empty">{s.noMatch(query)}</span>}
        {settled && options.length > 0 && <span className="visually-hidden">{s.count(options.length)}</span>}
      </p>
    </div>
  );
}
