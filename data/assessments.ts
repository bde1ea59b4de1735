import { randomBytes } from 'node:crypto';
import type { Questionnaire } from '../domain/rules/assessment/questionnaire-2194.js';
import type { RiskClass, Score } from '../domain/rules/assessment/score.js';
import type { Sector } from '../domain/rules/assessment/sectors.js';
import type { Queryable } from './db.js';
import { searchMatchSql, searchRankSql, searchTerms } from './import/normalize.js';

export type Answers = Record<string, string>;

export interface Draft {
  premisesId: string;
  questionnaire: { id: string; version: number };
  answers: Answers;
  updatedAt: string;
}

export interface Assessment {
  id: string;
  premisesId: string;
  questionnaire: { id: string; version: number };
  answers: Answers;
  points: number;
  riskIndex: number;
  riskClass: RiskClass;
  submittedAt: string;
  validUntil: string;
  certificateCode: string;
  /** superseded: a newer assessment of the same premises exists */
  status: 'valid' | 'expired' | 'superseded';
  flag: { at: string; by: string | null; note: string } | null;
}

/** What anyone may see of a published assessment: no tax code, workforce, owner or answers. */
export interface PublicBusiness {
  premisesId: string;
  name: string;
  sector: Sector;
  address: string;
  ward: { code: string; nameVi: string; nameEn: string };
  lon: number;
  lat: number;
  riskClass: RiskClass;
  riskIndex: number;
  submittedAt: string;
  validUntil: string;
  certificateCode: string;
  status: Assessment['status'];
}

export async function getDraft(db: Queryable, premisesId: string): Promise<Draft | null> {
  const [row] = await db.query<Record<string, unknown>>(
    'SELECT premises_id, questionnaire_id, questionnaire_version, answers, updated_at FROM assessment_drafts WHERE premises_id = $1',
    [premisesId],
  );
  return row
    ? {
        premisesId: row.premises_id as string,
        questionnaire: { id: row.questionnaire_id as string, version: row.questionnaire_version as number },
        answers: row.answers as Answers,
        updatedAt: new Date(row.updated_at as string).toISOString(),
      }
    : null;
}

export async function saveDraft(db: Queryable, premisesId: string, q: Questionnaire, answers: Answers) {
  await db.query(
    `INSERT INTO assessment_drafts (premises_id, questionnaire_id, questionnaire_version, answers)
     VALUES ($1, $2, $3, $4::jsonb)
     ON CONFLICT (premises_id) DO UPDATE SET questionnaire_id = $2, questionnaire_version = $3,
       answers = $4::jsonb, updated_at = now()`,
    [premisesId, q.id, q.version, JSON.stringify(answers)],
  );
  return getDraft(db, premisesId) as Promise<Draft>;
}

/** `HN-` and 10 characters of an alphabet without look-alikes (0/O, 1/I/L): about 50 bits. */
export function newCertificateCode(): string {
  const alphabet = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
  const bytes = randomBytes(10);
  const chars = Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
  return `HN-${chars.slice(0, 5)}-${chars.slice(5)}`;
}

// `$1` is the clock; `a` is an assessment row, `la` the latest of its premises
const ASSESSMENT_COLUMNS = `a.id, a.premises_id, a.questionnaire_id, a.questionnaire_version, a.answers, a.points::float8 AS points,
  a.risk_index::float8 AS risk_index, a.risk_class, a.submitted_at, a.valid_until, a.certificate_code,
  a.flagged_at, a.flagged_by, a.flag_note,
  CASE WHEN a.id <> la.id THEN 'superseded' WHEN a.valid_until <= $1::timestamptz THEN 'expired' ELSE 'valid' END AS status`;
const ASSESSMENT_FROM = 'assessments a JOIN latest_assessments la ON la.premises_id = a.premises_id';

function toAssessment(r: Record<string, unknown>): Assessment {
  return {
    id: r.id as string,
    premisesId: r.premises_id as string,
    questionnaire: { id: r.questionnaire_id as string, version: r.questionnaire_version as number },
    answers: r.answers as Answers,
    points: r.points as number,
    riskIndex: r.risk_index as number,
    riskClass: r.risk_class as RiskClass,
    submittedAt: new Date(r.submitted_at as string).toISOString(),
    validUntil: new Date(r.valid_until as string).toISOString(),
    certificateCode: r.certificate_code as string,
    status: r.status as Assessment['status'],
    flag:
      r.flagged_at == null
        ? null
        : {
            at: new Date(r.flagged_at as string).toISOString(),
            by: (r.flagged_by as string | null) ?? null,
            note: (r.flag_note as string | null) ?? '',
          },
  };
}

export async function getAssessment(db: Queryable, id: string, now: Date): Promise<Assessment | undefined> {
  const [row] = await db.query<Record<string, unknown>>(
    `SELECT ${ASSESSMENT_COLUMNS} FROM ${ASSESSMENT_FROM} WHERE a.id = $2`,
    [now, id],
  );
  return row ? toAssessment(row) : undefined;
}

/** A premises' assessments, newest first. */
export async function listAssessments(db: Queryable, premisesId: string, now: Date): Promise<Assessment[]> {
  const rows = await db.query<Record<string, unknown>>(
    `SELECT ${ASSESSMENT_COLUMNS} FROM ${ASSESSMENT_FROM} WHERE a.premises_id = $2 ORDER BY a.submitted_at DESC, a.id`,
    [now, premisesId],
  );
  return rows.map(toAssessment);
}

/**
 * Stores a scored submission and removes the premises' draft. Call inside a transaction:
 * the new row supersedes the previous assessment at once (migration 013's trigger moves
 * `latest_assessments`, which the map, cards and lists read, in the same transaction).
 */
export async function insertAssessment(
  db: Queryable,
  a: {
    premisesId: string;
    questionnaire: Questionnaire;
    answers: Answers;
    score: Score;
    submittedAt: Date;
    validUntil: Date;
  },
): Promise<Assessment> {
  const [row] = await db.query<{ id: string }>(
    `INSERT INTO assessments (premises_id, questionnaire_id, questionnaire_version, answers, points, risk_index,
       risk_class, submitted_at, valid_until, certificate_code)
     VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7, $8, $9, $10) RETURNING id`,
    [
      a.premisesId,
      a.questionnaire.id,
      a.questionnaire.version,
      JSON.stringify(a.answers),
      a.score.points,
      a.score.riskIndex,
      a.score.riskClass,
      a.submittedAt,
      a.validUntil,
      newCertificateCode(),
    ],
  );
  await db.query('DELETE FROM assessment_drafts WHERE premises_id = $1', [a.premisesId]);
  return getAssessment(db, row.id, a.submittedAt) as Promise<Assessment>;
}

/** Sets (note given) or clears (note null) an official's flag for inspection. */
export async function setFlag(db: Queryable, id: string, by: string, note: string | null, now: Date) {
  await db.query(
    `UPDATE assessments SET flagged_at = CASE WHEN $3::text IS NULL THEN NULL ELSE $4::timestamptz END,
       flagged_by = CASE WHEN $3::text IS NULL THEN NULL ELSE $2::uuid END, flag_note = $3
     WHERE id = $1`,
    [id, by, note, now],
  );
  return getAssessment(db, id, now) as Promise<Assessment>;
}

// `$1` is the clock
const PUBLIC_COLUMNS = `p.id AS premises_id, p.name, p.sector, p.address, ST_X(p.geom) AS lon, ST_Y(p.geom) AS lat,
  w.code AS ward_code, w.name_vi AS ward_name_vi, w.name_en AS ward_name_en,
  a.risk_class, a.risk_index::float8 AS risk_index, a.submitted_at, a.valid_until, a.certificate_code,
  CASE WHEN a.id <> la.id THEN 'superseded' WHEN a.valid_until <= $1::timestamptz THEN 'expired' ELSE 'valid' END AS status`;
const PUBLIC_FROM = `premises p JOIN admin_units w ON w.level = 'ward' AND w.code = p.ward_code`;

function toPublic(r: Record<string, unknown>): PublicBusiness {
  return {
    premisesId: r.premises_id as string,
    name: r.name as string,
    sector: r.sector as Sector,
    address: r.address as string,
    ward: { code: r.ward_code as string, nameVi: r.ward_name_vi as string, nameEn: r.ward_name_en as string },
    lon: r.lon as number,
    lat: r.lat as number,
    riskClass: r.risk_class as RiskClass,
    riskIndex: r.risk_index as number,
    submittedAt: new Date(r.submitted_at as string).toISOString(),
    validUntil: new Date(r.valid_until as string).toISOString(),
    certificateCode: r.certificate_code as string,
    status: r.status as Assessment['status'],
  };
}

/** The public record behind a certificate code, whichever assessment of the premises it is. */
export async function verifyCertificate(db: Queryable, code: string, now: Date): Promise<PublicBusiness | undefined> {
  const [row] = await db.query<Record<string, unknown>>(
    `SELECT ${PUBLIC_COLUMNS} FROM assessments a
       JOIN latest_assessments la ON la.premises_id = a.premises_id
       JOIN ${PUBLIC_FROM} ON p.id = a.premises_id
     WHERE a.certificate_code = $2`,
    [now, code],
  );
  return row ? toPublic(row) : undefined;
}

/** Published premises (with at least one assessment) by id or name, accents ignored. */
export async function findPublicBusinesses(
  db: Queryable,
  by: { id?: string; q?: string; limit: number },
  now: Date,
): Promise<PublicBusiness[]> {
  const rows = await db.query<Record<string, unknown>>(
    `SELECT ${PUBLIC_COLUMNS} FROM latest_assessments a
       JOIN latest_assessments la ON la.id = a.id
       JOIN ${PUBLIC_FROM} ON p.id = a.premises_id
     WHERE ($2::uuid IS NULL OR p.id = $2) AND ($3::text[] IS NULL OR ${searchMatchSql('p.search_name', '$3')})
     ORDER BY coalesce(${searchRankSql('p.search_name', '$3')}, 0), p.name LIMIT $4`,
    [now, by.id ?? null, by.q ? searchTerms(by.q) : null, by.limit],
  );
  return rows.map(toPublic);
}
