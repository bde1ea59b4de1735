import { useCallback, useEffect, useState } from 'react';
import { LEVEL_STRINGS } from '../i18n/level-strings.js';
import { fieldMessage, problemMessage } from '../i18n/problems.js';
import type { Lang } from '../i18n/strings.js';
import { api, ok } from '../lib/api-client.js';
import { LEVEL_COLOURS } from '../lib/levels.js';
import { ApiProblem } from '../lib/problem.js';

export type GroupsCollection = Awaited<ReturnType<typeof fetchGroups>>;

async function fetchGroups(code: string) {
  const res = await api.api.wards[':code'].groups.$get({ param: { code } });
  return (await res.json()) as {
    type: 'FeatureCollection';
    features: {
      type: 'Feature';
      id: string;
      properties: { code: string; name: string; population: number; level: number | null; week: string | null };
      geometry: GeoJSON.MultiPolygon;
    }[];
  };
}

/** A ward's residential groups and their levels; officials in scope import groups from GeoJSON. */
export function GroupsSection({
  code,
  lang,
  official,
  onGroups,
}: {
  code: string;
  lang: Lang;
  official: boolean;
  /** the groups to outline on the map */
  onGroups(groups: GroupsCollection | undefined): void;
}) {
  const t = LEVEL_STRINGS[lang];
  const [groups, setGroups] = useState<GroupsCollection>();
  const [problem, setProblem] = useState<ApiProblem>();
  const load = useCallback(() => fetchGroups(code).then(setGroups, () => setGroups(undefined)), [code]);
  useEffect(() => {
    load();
  }, [load]);
  useEffect(() => {
    onGroups(groups);
    return () => onGroups(undefined);
  }, [groups, onGroups]);

  const importFile = async (file: File) => {
    setProblem(undefined);
    try {
      const json = JSON.parse(await file.text());
      await ok(await api.api.wards[':code'].groups.$post({ param: { code }, json }));
      await load();
    } catch (error) {
      setProblem(error instanceof ApiProblem ? error : new ApiProblem(422, String(error)));
    }
  };

  if (!groups || (groups.features.length === 0 && !official)) return null;
  return (
    <section className="groups" data-testid="groups">
      <h3>{t.groups}</h3>
      {groups.features.length === 0 && <p className="muted">{t.noGroups}</p>}
      <ul className="rows">
        {groups.features.map((g) => (
          <li key={g.properties.code}>
            <span>
              {g.properties.name} <small className="muted">{g.properties.code}</small>
            </span>
            {g.properties.level ? (
              <i className="level-chip" style={{ background: LEVEL_COLOURS[g.properties.level] }}>
                {t.level(g.properties.level)}
              </i>
            ) : (
              <small className="muted">{t.noLevel}</small>
            )}
          </li>
        ))}
      </ul>
      {official && (
        <div className="field">
          <label htmlFor={`groups-${code}`}>{t.importGroups}</label>
          <input
            id={`groups-${code}`}
            type="file"
            accept=".geojson,.json,application/geo+json"
            onChange={(e) => e.target.files?.[0] && importFile(e.target.files[0])}
          />
          {problem && (
            <div className="form-error">
              {problemMessage(problem, lang)}
              <ul>
                {problem.errors.map((e) => (
                  <li key={e.path}>
                    {e.params?.feature ? `#${e.params.feature}: ` : `${e.path}: `}
                    {fieldMessage(e, lang)}
                  </li>
                ))}
              </ul>
            </div>
          )}
        </div>
      )}
    </section>
  );
}
