import { useEffect, useId, useState } from 'react';
import { type Lang, STRINGS } from '../i18n/strings.js';
import { fetchWards, type WardSummary } from '../lib/api-client.js';

/** Ward search: the server ignores diacritics, so `hoan kiem` finds Hoàn Kiếm. */
export function SearchBox({ lang, onPick }: { lang: Lang; onPick(ward: WardSummary): void }) {
  const t = STRINGS[lang];
  const [q, setQ] = useState('');
  const [results, setResults] = useState<WardSummary[] | undefined>();
  const listId = useId();

  useEffect(() => {
    const query = q.trim();
    if (!query) {
      setResults(undefined);
      return;
    }
    let live = true;
    const timer = setTimeout(() => {
      fetchWards(query).then(
        (wards) => live && setResults(wards.slice(0, 8)),
        () => live && setResults([]),
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
          {results.length === 0 && <li className="muted">{t.searchNoResult}</li>}
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
        </ul>
      )}
    </div>
  );
}
