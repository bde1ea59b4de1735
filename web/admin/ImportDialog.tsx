import { useState } from 'react';
import { LEVEL_STRINGS } from '../i18n/level-strings.js';
import { fieldMessage, problemMessage } from '../i18n/problems.js';
import { RESOURCE_STRINGS } from '../i18n/resource-strings.js';
import type { Lang } from '../i18n/strings.js';
import { writeHeaders } from '../lib/api-client.js';
import { ApiProblem } from '../lib/problem.js';
import { Dialog } from '../ui/Dialog.js';

type Phase =
  | { kind: 'idle' }
  | { kind: 'uploading'; pct: number }
  | { kind: 'checking' }
  | { kind: 'done'; saved: number; changed: number }
  | { kind: 'failed'; problem: ApiProblem };

/** POSTs JSON with upload progress (fetch cannot report it); resolves with the status and body. */
function postWithProgress(url: string, body: string, onProgress: (pct: number) => void, onSent: () => void) {
  return new Promise<{ status: number; body: unknown }>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.setRequestHeader('Content-Type', 'application/json');
    for (const [k, v] of Object.entries(writeHeaders())) xhr.setRequestHeader(k, v);
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(Math.round((e.loaded / e.total) * 100));
    xhr.upload.onload = onSent;
    xhr.onload = () => {
      let parsed: unknown = null;
      try {
        parsed = JSON.parse(xhr.responseText);
      } catch {}
      resolve({ status: xhr.status, body: parsed });
    };
    xhr.onerror = () => reject(new Error('network'));
    xhr.send(body);
  });
}

const RESOURCE_TEMPLATE = [
  'type,name,address,lon,lat,phone,opening_hours,capacity,status,services,stock',
  'oxygen_atm,Cây ATM ô xy Liễu Giai,Phố Liễu Giai,105.8195,21.0352,1022,24/7,,open,,"{""oxygen_cylinders"": 10}"',
].join('\r\n');

/**
 * Officials import a week's figures for many wards (CSV), or places that help (CSV or GeoJSON):
 * all rows or none, with every bad row listed in the reader's language.
 */
export function ImportDialog({
  lang,
  kind,
  week,
  onImported,
  onClose,
}: {
  lang: Lang;
  kind: 'indicators' | 'resources';
  week: string | null;
  onImported(): void;
  onClose(): void;
}) {
  const t = LEVEL_STRINGS[lang];
  const tr = RESOURCE_STRINGS[lang];
  const [file, setFile] = useState<File>();
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });

  const upload = async () => {
    if (!file) return;
    setPhase({ kind: 'uploading', pct: 0 });
    try {
      const text = await file.text();
      const geojson = /\.(geo)?json$/i.test(file.name);
      const res = await postWithProgress(
        kind === 'indicators' ? '/api/indicators/import' : '/api/resources/import',
        JSON.stringify(
          kind === 'indicators'
            ? { csv: text, source: file.name }
            : { format: geojson ? 'geojson' : 'csv', data: text },
        ),
        (pct) => setPhase({ kind: 'uploading', pct }),
        () => setPhase({ kind: 'checking' }),
      );
      const body = res.body as Record<string, unknown> | null;
      if (res.status === 200 && body) {
        setPhase({
          kind: 'done',
          saved: (body.saved ?? body.imported) as number,
          changed: (body.levelsChanged as number) ?? 0,
        });
        onImported();
      } else {
        const p = body ?? {};
        setPhase({
          kind: 'failed',
          problem: new ApiProblem(
            res.status,
            String(p.detail ?? res.status),
            (p.errors as never) ?? [],
            String(p.type ?? ''),
          ),
        });
      }
    } catch {
      setPhase({ kind: 'failed', problem: new ApiProblem(0, 'network') });
    }
  };

  const busy = phase.kind === 'uploading' || phase.kind === 'checking';
  return (
    <Dialog title={kind === 'indicators' ? t.importCsv : tr.importResources} onClose={onClose}>
      <p>
        {kind === 'indicators' ? (
          <a href={`/api/indicators/template.csv${week ? `?week=${week}` : ''}`} download data-testid="template-link">
            {t.downloadTemplate}
            {week ? ` (${week})` : ''}
          </a>
        ) : (
          <a
            href={`data:text/csv;charset=utf-8,${encodeURIComponent(`\uFEFF${RESOURCE_TEMPLATE}`)}`}
            download="safemap-resources.csv"
          >
            {t.downloadTemplate}
          </a>
        )}
      </p>
      <div className="field">
        <label htmlFor="csv-file">{t.chooseFile}</label>
        <input
          id="csv-file"
          type="file"
          accept={kind === 'indicators' ? '.csv,text/csv' : '.csv,.geojson,.json,text/csv,application/geo+json'}
          onChange={(e) => setFile(e.target.files?.[0])}
        />
      </div>
      {busy && (
        <div className="progress" data-testid="progress">
          <progress max={100} value={phase.kind === 'uploading' ? phase.pct : undefined} />
          <small>{phase.kind === 'uploading' ? `${t.uploading} ${phase.pct}%` : t.checking}</small>
        </div>
      )}
      {phase.kind === 'done' && (
        <p className="form-ok" data-testid="import-result">
          {kind === 'indicators' ? t.imported(phase.saved, phase.changed) : tr.importedResources(phase.saved)}
        </p>
      )}
      {phase.kind === 'failed' && (
        <div className="import-errors" data-testid="import-errors" role="alert">
          <p className="form-error">
            {problemMessage(phase.problem, lang)} {t.nothingImported}
          </p>
          <ul>
            {phase.problem.errors.map((e) => (
              <li key={e.path}>
                <strong>{t.rowError(Number(e.params?.row ?? 0), String(e.params?.column ?? ''))}:</strong>{' '}
                {fieldMessage(e, lang)}
              </li>
            ))}
          </ul>
        </div>
      )}
      <button type="button" className="primary" disabled={!file || busy} onClick={upload}>
        {t.upload}
      </button>
    </Dialog>
  );
}
