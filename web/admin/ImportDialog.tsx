import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { LEVEL_STRINGS } from '../i18n/level-strings.js';
import { fieldMessage, problemMessage } from '../i18n/problems.js';
import { RESOURCE_STRINGS } from '../i18n/resource-strings.js';
import type { Lang } from '../i18n/strings.js';
import { writeHeaders } from '../lib/api-client.js';
import { ApiProblem } from '../lib/problem.js';
import { useRefreshTiles } from '../map/tile-versions.js';
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
  onClose,
}: {
  lang: Lang;
  kind: 'indicators' | 'resources';
  week: string | null;
  onClose(): void;
}) {
  const t = LEVEL_STRINGS[lang];
  const tr = RESOURCE_STRINGS[lang];
  const client = useQueryClient();
  const refreshTiles = useRefreshTiles();
  const [file, setFile] = useState<File>();
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });

  // an upload with progress: XMLHttpRequest inside the mutation (fetch cannot report it)
  const upload = useMutation({
    mutationFn: async (chosen: File) => {
      setPhase({ kind: 'uploading', pct: 0 });
      const text = await chosen.text();
      const geojson = /\.(geo)?json$/i.test(chosen.name);
      const res = await postWithProgress(
        kind === 'indicators' ? '/api/indicators/import' : '/api/resources/import',
        JSON.stringify(
          kind === 'indicators'
            ? { csv: text, source: chosen.name }
            : { format: geojson ? 'geojson' : 'csv', data: text },
        ),
        (pct) => setPhase({ kind: 'uploading', pct }),
        () => setPhase({ kind: 'checking' }),
      );
      const body = res.body as Record<string, unknown> | null;
      if (res.status !== 200 || !body) throw ApiProblem.of(res.status, body, String(res.status));
      setPhase({
        kind: 'done',
        saved: Number(body.saved ?? body.imported ?? 0),
        changed: Number(body.levelsChanged ?? 0),
      });
    },
    onSuccess: () => {
      for (const queryKey of kind === 'indicators' ? [['levels'], ['units'], ['analysis']] : [['resources']])
        client.invalidateQueries({ queryKey });
      refreshTiles();
    },
    onError: (error) =>
      setPhase({ kind: 'failed', problem: error instanceof ApiProblem ? error : new ApiProblem(0, 'network') }),
  });

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
      <button type="button" className="primary" disabled={!file || busy} onClick={() => file && upload.mutate(file)}>
        {t.upload}
      </button>
    </Dialog>
  );
}
