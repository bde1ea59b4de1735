import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { allUnitChains } from '../../data/accounts.js';
import type { Db, Queryable } from '../../data/db.js';
import type { RowIssue } from '../../data/import/csv.js';
import { indicatorTemplateCsv, parseIndicatorCsv } from '../../data/indicators-csv.js';
import { levelDetail, levelWeeks } from '../../data/level-queries.js';
import { decideLevel, lockUnitWeeks, saveIndicators } from '../../data/levels.js';
import { listWards } from '../../data/wards.js';
import { isoWeekOf } from '../../domain/rules/iso-week.js';
import { type RuleOptions, ruleSetForWeek } from '../../domain/rules/levels/index.js';
import { audit } from '../auth/audit.js';
import { requireRole, requireUnitInScope, scopeCovers } from '../auth/authorize.js';
import type { AppEnv } from '../auth/session.js';
import { csvDownload, csvResponse } from '../download.js';
import { ProblemError } from '../problem.js';
import { jsonBody, problem } from '../schemas.js';
import { refuseBadRows, validationHook } from '../validation.js';
import { LevelDetailSchema, UnitCodeSchema, unitLevelOf, WeekSchema } from './levels.js';

const OFFICIALS = ['ward_officer', 'district_officer', 'city_admin'] as const;
const Pct = z.number().min(0).max(100).nullable();
const IndicatorsInput = z.strictObject({
  population: z.number().int().positive(),
  newCommunityCases: z.number().int().min(0),
  oxygenCases: z.number().int().min(0),
  deaths: z.number().int().min(0),
  adultFirstDosePct: Pct,
  elderlyFullPct: Pct,
  fullyVaccinatedPct: Pct,
  highRiskFullPct: Pct,
  freeBedsPer100k: z.number().min(0).nullable(),
  homeCareReady: z.boolean().nullable(),
  icuReady: z.boolean().nullable(),
  source: z.string().trim().min(2).max(200),
});

const enterRoute = createRoute({
  method: 'put',
  path: '/api/units/{code}/indicators/{week}',
  summary: "Enter one ward's (or group's) indicators for a week; its level is computed at once",
  request: { params: z.object({ code: UnitCodeSchema, week: WeekSchema }), body: jsonBody(IndicatorsInput) },
  responses: {
    200: { description: 'The new level and why', content: { 'application/json': { schema: LevelDetailSchema } } },
    401: problem('Not signed in'),
    403: problem('Unit outside your scope'),
    404: problem('No such unit'),
    422: problem('Invalid indicators, or no rule set in force that week'),
  },
});

const importRoute = createRoute({
  method: 'post',
  path: '/api/indicators/import',
  summary: 'Import a CSV of indicators for many units; all rows or none',
  description:
    'Every row is checked; any bad row (422) or any unit outside your scope (403) refuses the whole file, and each problem is listed with its row in `errors[]` (path `csv.row<N>.<column>`).',
  request: {
    body: jsonBody(
      z.strictObject({ csv: z.string().min(1).max(900_000), source: z.string().trim().max(200).optional() }),
    ),
  },
  responses: {
    200: {
      description: 'Imported',
      content: {
        'application/json': {
          schema: z.object({ saved: z.number().int(), levelsChanged: z.number().int(), weeks: z.array(z.string()) }),
        },
      },
    },
    401: problem('Not signed in'),
    403: problem('Rows outside your scope'),
    422: problem('Rows with errors'),
  },
});

const templateRoute = createRoute({
  method: 'get',
  path: '/api/indicators/template.csv',
  summary: 'A CSV template with a row for every ward in your scope',
  request: { query: z.object({ week: WeekSchema.optional() }) },
  responses: {
    200: csvResponse('A row per ward, figures blank, population filled in'),
    401: problem('Not signed in'),
    403: problem('Not an official'),
  },
});

const decisionRoute = createRoute({
  method: 'post',
  path: '/api/units/{code}/levels/{week}/decision',
  summary: 'Confirm the computed level, or override it, with a reason (audited)',
  request: {
    params: z.object({ code: UnitCodeSchema, week: WeekSchema }),
    body: jsonBody(
      z.strictObject({
        action: z.enum(['confirm', 'override']),
        level: z.number().int().min(1).max(4).optional(),
        reason: z.string().trim().min(3).max(1000),
      }),
    ),
  },
  responses: {
    200: { description: 'The level now in effect', content: { 'application/json': { schema: LevelDetailSchema } } },
    401: problem('Not signed in'),
    403: problem('Unit outside your scope'),
    404: problem('No level for this unit and week'),
    422: problem('An override needs a level'),
  },
});

function requireRuleSet(week: string) {
  if (!ruleSetForWeek(week)) {
    throw new ProblemError(422, `No rule set was in force in ${week} (the first is Decision 4800 from 2021-W41).`, [
      { path: 'path.week', message: 'no rule set in force', code: 'no_rule_set' },
    ]);
  }
}

async function detailOrThrow(db: Queryable, code: string, week: string) {
  const d = await levelDetail(db, unitLevelOf(code), code, week);
  if (!d) throw new ProblemError(404, `There is no level for ${code} in ${week}.`);
  return d;
}

/** Officials' writes: indicators (one or a file) and decisions on levels, each scoped and audited. */
export function indicatorRoutes(db: Db, ruleOptions: RuleOptions = {}) {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(enterRoute, async (c) => {
      const { code, week } = c.req.valid('param');
      const unit = { level: unitLevelOf(code), code };
      await requireUnitInScope(c, db, unit);
      requireRuleSet(week);
      const { source, ...indicators } = c.req.valid('json');
      // Last writer wins: parallel entries for one unit-week queue on its lock, each supersedes the
      // one before it, and each audit row's "before" is the entry it superseded.
      const saved = await db.transaction(async (tx) => {
        await lockUnitWeeks(tx, [{ unitLevel: unit.level, unitCode: code, week }]);
        const before = await levelDetail(tx, unit.level, code, week);
        await saveIndicators(
          tx,
          [{ unitLevel: unit.level, unitCode: code, week, indicators, source }],
          c.get('actor')?.id ?? null,
          ruleOptions,
        );
        const after = await detailOrThrow(tx, code, week);
        await audit(tx, c, {
          action: 'indicators.enter',
          entityType: 'indicators',
          entityId: `${code}/${week}`,
          unit,
          before: before && { level: before.level, indicators: before.indicators },
          after: { level: after.level, indicators: after.indicators },
        });
        return after;
      });
      return c.json(saved, 200);
    })
    .openapi(importRoute, async (c) => {
      const actor = requireRole(c, ...OFFICIALS);
      const { csv, source } = c.req.valid('json');
      const { entries, errors } = parseIndicatorCsv(csv, source || `CSV import by ${actor.email}`);
      const chains = await allUnitChains(db);
      const outOfScope: RowIssue[] = [];
      for (const e of entries) {
        const chain = chains.get(e.unitCode);
        if (!chain)
          errors.push({
            row: e.row,
            column: 'unit_code',
            code: 'unknown_unit',
            value: e.unitCode,
            message: `no ward or group ${e.unitCode}`,
          });
        else if (!scopeCovers(actor, chain))
          outOfScope.push({
            row: e.row,
            column: 'unit_code',
            code: 'out_of_scope',
            value: e.unitCode,
            message: `${e.unitCode} is outside your scope`,
          });
        if (!ruleSetForWeek(e.week))
          errors.push({
            row: e.row,
            column: 'week',
            code: 'no_rule_set',
            value: e.week,
            message: 'no rule set in force that week',
          });
      }
      refuseBadRows('csv', errors, outOfScope);
      const weeks = [...new Set(entries.map((e) => e.week))].sort();
      // Last writer wins, file by file: saveIndicators locks every unit-week of the file first, so
      // a second import of the same weeks waits and then supersedes the first one whole.
      const result = await db.transaction(async (tx) => {
        const saved = await saveIndicators(tx, entries, actor.id, ruleOptions);
        await audit(tx, c, {
          action: 'indicators.import',
          entityType: 'indicators',
          entityId: weeks.join(','),
          unit: actor.scope,
          after: { rows: entries.length, weeks, units: [...new Set(entries.map((e) => e.unitCode))].length },
        });
        return saved;
      });
      return c.json({ ...result, weeks }, 200);
    })
    .openapi(templateRoute, async (c) => {
      const actor = requireRole(c, ...OFFICIALS);
      const week = c.req.valid('query').week ?? (await levelWeeks(db))[0] ?? isoWeekOf(new Date());
      const chains = await allUnitChains(db);
      const wards = (await listWards(db, { limit: 10_000 })).sort((a, b) => a.code.localeCompare(b.code));
      const inScope = wards.filter((w) => scopeCovers(actor, chains.get(w.code) ?? []));
      const csv = indicatorTemplateCsv(
        inScope.map((w) => ({ code: w.code, name: w.fullNameVi, population: w.population })),
        week,
      );
      return csvDownload(c, `safemap-indicators-${week}.csv`, csv);
    })
    .openapi(decisionRoute, async (c) => {
      const { code, week } = c.req.valid('param');
      const unit = { level: unitLevelOf(code), code };
      const actor = await requireUnitInScope(c, db, unit);
      const { action, level, reason } = c.req.valid('json');
      if (action === 'override' && !level) {
        throw new ProblemError(422, 'An override needs the level to set.', [
          { path: 'json.level', message: 'required for an override', code: 'invalid_type' },
        ]);
      }
      // Last writer wins: the decision applies to the level current once the unit-week's lock is
      // held, and "before" is read under that lock.
      await db.transaction(async (tx) => {
        await lockUnitWeeks(tx, [{ unitLevel: unit.level, unitCode: code, week }]);
        const before = await detailOrThrow(tx, code, week);
        const officialLevel = action === 'confirm' ? before.computedLevel : (level as number);
        await decideLevel(tx, before.levelId, unit.level, { action, officialLevel, reason, decidedBy: actor.id });
        await audit(tx, c, {
          action: `level.${action}`,
          entityType: 'level',
          entityId: `${code}/${week}`,
          unit,
          before: { level: before.level, confirmed: before.confirmed, computedLevel: before.computedLevel },
          after: { level: officialLevel, confirmed: true, reason },
        });
      });
      return c.json(await detailOrThrow(db, code, week), 200);
    });
}
