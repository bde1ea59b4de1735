import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { InferResponseType } from 'hono/client';
import { LEVEL_STRINGS } from '../i18n/level-strings.js';
import { fieldMessage, problemMessage } from '../i18n/problems.js';
import type { Lang } from '../i18n/strings.js';
import { abortable, api, ok } from '../lib/api-client.js';
import { LEVEL_COLOURS } from '../lib/levels.js';
import { ApiProblem } from '../lib/problem.js';

const groupsRoute = api.api.wards[':code'].groups;
export type GroupsCollection = InferResponseType<typeof groupsRoute.$get, 200>;

/** A ward's residential groups with their levels, as GeoJSON (the map outlines them). */
export const groupsQuery = (code: string) =>
  queryOptions({
    queryKey: ['groups', code],
    queryFn: async ({ signal }) => ok(await groupsRoute.$get({ param: { code } }, abortable(signal))),
  });

/** A ward's residential groups and their levels; officials in scope import groups from GeoJSON. */
export function GroupsSection({ code, lang, official }: { code: string; lang: Lang; official: boolean }) {
  const t = LEVEL_STRINGS[lang];
  const client = useQueryClient();
  const { data: groups } = useQuery(groupsQuery(code));
  const importFile = useMutation({
    mutationFn: async (file: File) => {
      const json = JSON.parse(await file.text());
      await ok(await groupsRoute.$post({ param: { code }, json }));
    },
    onSuccess: () => client.invalidateQueries({ queryKey: ['groups', code] }),
  });
  const error = importFile.error;
  const problem = error ? (error instanceof ApiProblem ? error : new ApiProblem(422, String(error))) : undefined;

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
            onChange={(e) => e.target.files?.[0] && importFile.mutate(e.target.files[0])}
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
