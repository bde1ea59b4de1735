import { useState } from 'react';
import { LEVEL_STRINGS } from '../i18n/level-strings.js';
import { fieldMessage, problemMessage } from '../i18n/problems.js';
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

/** Officials import a week's figures for many wards from CSV: all rows or none, errors by row. */
export function ImportDialog({
  lang,
  week,
  onImported,
  onClose,
}: {
  lang: Lang;
  week: string | null;
  onImported(): void;
  onClose(): void;
}) {
  const t = LEVEL_STRINGS[lang];
  const [file, setFile] = useState<File>();
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });

  const upload = async () => {
    if (!file) return;
    setPhase({ kind: 'uploading', pct: 0 });
    try {
      const csv = await file.text();
      const res = await postWithProgress(
        '/api/indicators/import',
        JSON.stringify({ csv, source: file.name }),
        (pct) => setPhase({ kind: 'uploading', pct }),
        () => setPhase({ kind: 'checking' }),
      );
      const body = res.body as Record<string, unknown> | null;
      if (res.status === 200 && body) {
        setPhase({ kind: 'done', saved: body.saved as number, changed: body.levelsChanged as number });
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
    <Dialog title={t.importCsv} onClose={onClose}>
      <p>
        <a href={`/api/indicators/template.csv${week ? `?week=${week}` : ''}`} download data-testid="template-link">
          {t.downloadTemplate}
          {week ? ` (${week})` : ''}
        </a>
      </p>
      <div className="field">
        <label htmlFor="csv-file">{t.chooseFile}</label>
        <input id="csv-file" type="file" accept=".csv,text/csv" onChange={(e) => setFile(e.target.files?.[0])} />
      </div>
      {busy && (
        <div className="progress" data-testid="progress">
          <progress max={100} value={phase.kind === 'uploading' ? phase.pct : undefined} />
          <small>{phase.kind === 'uploading' ? `${t.uploading} ${phase.pct}%` : t.checking}</small>
        </div>
      )}
      {phase.kind === 'done' && (
        <p className="form-ok" data-testid="import-result">
          {t.imported(phase.saved, phase.changed)}
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
