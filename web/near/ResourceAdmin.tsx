import { useState } from 'react';
import { RESOURCE_STRINGS } from '../i18n/resource-strings.js';
import type { Lang } from '../i18n/strings.js';
import { api, ok } from '../lib/api-client.js';
import type { Nearby } from '../lib/resources.js';
import { useForm } from '../ui/use-form.js';

type Stock = Record<string, number | Record<string, number>>;

/** Officials in scope report what is on hand now and open or close the place. */
export function ResourceAdmin({ lang, resource, onSaved }: { lang: Lang; resource: Nearby; onSaved(): void }) {
  const t = RESOURCE_STRINGS[lang];
  const [stock, setStock] = useState<Stock>(resource.stock as Stock);
  const [status, setStatus] = useState(resource.status);
  const form = useForm(lang);
  const setCount = (key: string, sub: string | undefined, value: string) => {
    const n = Math.max(0, Math.floor(Number(value) || 0));
    setStock(
      sub ? { ...stock, [key]: { ...(stock[key] as Record<string, number>), [sub]: n } } : { ...stock, [key]: n },
    );
  };
  const save = () =>
    form.run(async () => {
      await ok(await api.api.resources[':id'].stock.$put({ param: { id: resource.id }, json: { stock } }));
      if (status !== resource.status) {
        // the editable fields only: the answer also carries distance, times and hours in words
        const { id, type, name, address, lon, lat, phone, openingHours, services, capacity } = resource;
        const rest = { type, name, address, lon, lat, phone, openingHours, services, capacity };
        await ok(await api.api.resources[':id'].$put({ param: { id }, json: { ...rest, status } }));
      }
      onSaved();
    });
  return (
    <section className="resource-admin" data-testid="resource-admin">
      <h3>{t.updateStock}</h3>
      {Object.entries(stock).map(([key, value]) =>
        typeof value === 'number' ? (
          <label key={key} className="stock-row">
            <span>{t.stock[key] ?? key}</span>
            <input
              type="number"
              min={0}
              inputMode="numeric"
              value={value}
              onChange={(e) => setCount(key, undefined, e.target.value)}
            />
          </label>
        ) : (
          Object.entries(value).map(([sub, n]) => (
            <label key={`${key}.${sub}`} className="stock-row">
              <span>
                {t.stock[key] ?? key} · {sub}
              </span>
              <input
                type="number"
                min={0}
                inputMode="numeric"
                value={n}
                onChange={(e) => setCount(key, sub, e.target.value)}
              />
            </label>
          ))
        ),
      )}
      <label className="stock-row">
        <span>{t.status}</span>
        <select value={status} onChange={(e) => setStatus(e.target.value as typeof status)}>
          <option value="open">{t.statuses.open}</option>
          <option value="temporarily_closed">{t.statuses.temporarily_closed}</option>
          <option value="closed">{t.statuses.closed}</option>
        </select>
      </label>
      {form.message && <p className="form-error">{form.message}</p>}
      <button type="button" className="primary" disabled={form.busy} onClick={save}>
        {t.save}
      </button>
    </section>
  );
}
