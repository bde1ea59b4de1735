import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { RESOURCE_STRINGS } from '../i18n/resource-strings.js';
import type { Lang } from '../i18n/strings.js';
import { api, ok } from '../lib/api-client.js';
import { RESOURCE_TYPE_IDS } from '../lib/resources.js';
import { useRefreshTiles } from '../map/tile-versions.js';
import { Dialog } from '../ui/Dialog.js';
import { Field } from '../ui/Field.js';
import { useForm } from '../ui/use-form.js';

/** An official adds one place that helps; it goes where the map is centred unless moved. */
export function NewResourceDialog({
  lang,
  center,
  onClose,
}: {
  lang: Lang;
  center: { lon: number; lat: number };
  onClose(): void;
}) {
  const client = useQueryClient();
  const refreshTiles = useRefreshTiles();
  const t = RESOURCE_STRINGS[lang];
  const [v, setV] = useState({
    type: 'mobile_station',
    name: '',
    address: '',
    lon: center.lon.toFixed(6),
    lat: center.lat.toFixed(6),
    phone: '',
    openingHours: 'Mo-Su 07:00-21:00',
    capacity: '',
  });
  const [done, setDone] = useState(false);
  const form = useForm(lang);
  const set = (k: keyof typeof v) => (e: { target: { value: string } }) => setV({ ...v, [k]: e.target.value });
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    form.run(async () => {
      await ok(
        await api.api.resources.$post({
          json: {
            type: v.type as (typeof RESOURCE_TYPE_IDS)[number],
            name: v.name,
            address: v.address,
            lon: Number(v.lon),
            lat: Number(v.lat),
            phone: v.phone.trim() || null,
            openingHours: v.openingHours,
            services: {},
            capacity: v.capacity.trim() === '' ? null : Number(v.capacity),
            status: 'open',
            stock: {},
          },
        }),
      );
      setDone(true);
      client.invalidateQueries({ queryKey: ['resources'] });
      await refreshTiles();
    });
  };
  return (
    <Dialog title={t.newResource} onClose={onClose}>
      <form noValidate onSubmit={submit} data-testid="new-resource">
        <div className="field">
          <label htmlFor="new-resource-type">{t.type}</label>
          <select id="new-resource-type" value={v.type} onChange={set('type')}>
            {RESOURCE_TYPE_IDS.map((type) => (
              <option key={type} value={type}>
                {t.types[type]}
              </option>
            ))}
          </select>
        </div>
        <Field label={t.name} value={v.name} onChange={set('name')} error={form.errorOf('name')} />
        <Field label={t.address} value={v.address} onChange={set('address')} error={form.errorOf('address')} />
        <Field
          label="Lon"
          inputMode="decimal"
          value={v.lon}
          onChange={set('lon')}
          error={form.errorOf('lon')}
          hint={t.placeHint}
        />
        <Field label="Lat" inputMode="decimal" value={v.lat} onChange={set('lat')} error={form.errorOf('lat')} />
        <Field label={t.phone} inputMode="tel" value={v.phone} onChange={set('phone')} error={form.errorOf('phone')} />
        <Field
          label={t.hours}
          value={v.openingHours}
          onChange={set('openingHours')}
          error={form.errorOf('openingHours')}
          hint="Mo-Fr 07:30-17:00; PH off · 24/7"
        />
        <Field
          label={t.capacity}
          inputMode="numeric"
          value={v.capacity}
          onChange={set('capacity')}
          error={form.errorOf('capacity')}
        />
        {form.message && <p className="form-error">{form.message}</p>}
        {done && <p className="form-ok">{t.created}</p>}
        <button type="submit" className="primary" disabled={form.busy}>
          {t.newResource}
        </button>
      </form>
    </Dialog>
  );
}
