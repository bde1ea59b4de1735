import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import {
  type Answers,
  getAssessment,
  getDraft,
  insertAssessment,
  listAssessments,
  saveDraft,
  setFlag,
} from '../../data/assessments.js';
import type { Db } from '../../data/db.js';
import { bumpLayerVersions } from '../../data/layer-versions.js';
import { QUESTIONNAIRE_2194 } from '../../domain/rules/assessment/questionnaire-2194.js';
import { scoreAnswers } from '../../domain/rules/assessment/score.js';
import { DEFAULT_VALID_DAYS, validUntil } from '../../domain/rules/assessment/validity.js';
import { audit } from '../auth/audit.js';
import { requireRole } from '../auth/authorize.js';
import type { AppEnv } from '../auth/session.js';
import { loadPremisesFor } from '../premises-access.js';
import { ProblemError } from '../problem.js';
import { jsonBody, problem } from '../schemas.js';
import { validationHook } from '../validation.js';
import { RiskClassSchema } from './premises.js';

/** The questionnaire in force; a submission answers this one. */
const QUESTIONNAIRE = QUESTIONNAIRE_2194;

const AnswersSchema = z
  .record(z.string().regex(/^CS\d{1,2}$/, 'a criterion id, e.g. CS3'), z.string().min(1).max(40))
  .refine((a) => Object.keys(a).length <= 50, 'too many answers');
const DraftSchema = z
  .object({
    premisesId: z.uuid(),
    questionnaire: z.object({ id: z.string(), version: z.number() }),
    answers: z.record(z.string(), z.string()),
    updatedAt: z.string(),
  })
  .openapi('AssessmentDraft');
const AssessmentSchema = z
  .object({
    id: z.uuid(),
    premisesId: z.uuid(),
    questionnaire: z.object({ id: z.string(), version: z.number() }),
    answers: z.record(z.string(), z.string()),
    points: z.number(),
    riskIndex: z.number(),
    riskClass: RiskClassSchema,
    submittedAt: z.string(),
    validUntil: z.string(),
    certificateCode: z.string(),
    status: z.enum(['valid', 'expired', 'superseded']),
    flag: z.object({ at: z.string(), by: z.string().nullable(), note: z.string() }).nullable(),
  })
  .openapi('Assessment');
const PremisesParam = z.object({ id: z.uuid() });

const Words = z.object({ vi: z.string(), en: z.string() });
const QuestionnaireSchema = z
  .object({
    id: z.string(),
    version: z.number().int(),
    source: z.string(),
    maxPoints: z.number(),
    criteria: z.array(
      z.object({
        id: z.string(),
        label: Words,
        options: z.array(z.object({ id: z.string(), label: Words, points: z.number() })),
        /** false: modelled on the guidance, not confirmed from the decision's text */
        verified: z.boolean(),
      }),
    ),
  })
  .openapi('Questionnaire');

const questionnaireRoute = createRoute({
  method: 'get',
  path: '/api/questionnaire',
  summary: 'The self-assessment questionnaire in force (Decision 2194), criteria marked verified or not',
  responses: {
    200: { description: 'Questionnaire', content: { 'application/json': { schema: QuestionnaireSchema } } },
  },
});
const getDraftRoute = createRoute({
  method: 'get',
  path: '/api/premises/{id}/draft',
  summary: 'The unfinished questionnaire of premises (owner only)',
  request: { params: PremisesParam },
  responses: {
    200: { description: 'Draft or null', content: { 'application/json': { schema: DraftSchema.nullable() } } },
    401: problem('Not signed in'),
    403: problem('Not yours'),
    404: problem('No such premises'),
  },
});
const saveDraftRoute = createRoute({
  method: 'put',
  path: '/api/premises/{id}/draft',
  summary: 'Save answers so far (owner only); every answer given must be one of its criterion’s options',
  request: { params: PremisesParam, body: jsonBody(z.strictObject({ answers: AnswersSchema })) },
  responses: {
    200: { description: 'Saved', content: { 'application/json': { schema: DraftSchema } } },
    401: problem('Not signed in'),
    403: problem('Not yours'),
    404: problem('No such premises'),
    422: problem('Unknown criterion or option'),
  },
});
const submitRoute = createRoute({
  method: 'post',
  path: '/api/premises/{id}/assessments',
  summary: 'Submit the self-assessment (owner only): scored by the server, published with a valid-until date',
  request: {
    params: PremisesParam,
    body: jsonBody(
      z.strictObject({
        answers: AnswersSchema,
        /** the questionnaire version the answers were given to; refused when it is no longer in force */
        questionnaireVersion: z.number().int().optional(),
      }),
    ),
  },
  responses: {
    201: { description: 'Submitted', content: { 'application/json': { schema: AssessmentSchema } } },
    401: problem('Not signed in'),
    403: problem('Not yours'),
    404: problem('No such premises'),
    409: problem('The questionnaire changed since the answers were given'),
    422: problem('Answers missing or out of range'),
  },
});
const historyRoute = createRoute({
  method: 'get',
  path: '/api/premises/{id}/assessments',
  summary: 'Assessments of premises, newest first (owner, or officials whose scope covers the ward)',
  request: { params: PremisesParam },
  responses: {
    200: {
      description: 'History',
      content: { 'application/json': { schema: z.object({ assessments: z.array(AssessmentSchema) }) } },
    },
    401: problem('Not signed in'),
    403: problem('Not yours and not in your scope'),
    404: problem('No such premises'),
  },
});
const flagRoute = createRoute({
  method: 'put',
  path: '/api/assessments/{id}/flag',
  summary: 'Flag an assessment for inspection (officials whose scope covers the premises); audited',
  request: {
    params: PremisesParam,
    body: jsonBody(z.strictObject({ note: z.string().trim().min(3).max(500) })),
  },
  responses: {
    200: { description: 'Flagged', content: { 'application/json': { schema: AssessmentSchema } } },
    401: problem('Not signed in'),
    403: problem('Not an official of this ward'),
    404: problem('No such assessment'),
    422: problem('Invalid note'),
  },
});
const unflagRoute = createRoute({
  method: 'delete',
  path: '/api/assessments/{id}/flag',
  summary: 'Clear the inspection flag (officials whose scope covers the premises); audited',
  request: { params: PremisesParam },
  responses: {
    200: { description: 'Cleared', content: { 'application/json': { schema: AssessmentSchema } } },
    401: problem('Not signed in'),
    403: problem('Not an official of this ward'),
    404: problem('No such assessment'),
  },
});

/** 422 with one field error per criterion that is unknown, unanswered (when complete) or off its options. */
function refuseBadAnswers(answers: Answers, complete: boolean) {
  const score = scoreAnswers(QUESTIONNAIRE, answers);
  const known = new Set(QUESTIONNAIRE.criteria.map((c) => c.id));
  const errors = [
    ...Object.keys(answers)
      .filter((id) => !known.has(id))
      .map((id) => ({
        path: `body.answers.${id}`,
        message: 'not a criterion of this questionnaire',
        code: 'unknown_criterion',
      })),
    ...score.problems
      .filter((p) => complete || p.problem !== 'missing')
      .map((p) => ({
        path: `body.answers.${p.criterion}`,
        message: p.problem === 'missing' ? 'unanswered' : 'not one of this criterion’s options',
        code: p.problem,
      })),
  ];
  if (errors.length > 0) {
    throw new ProblemError(422, errors.map((e) => `${e.path}: ${e.message}`).join('; '), errors, 'validation-error');
  }
  return score;
}

/** Drafts, submissions and history of a business's self-assessments, and officials' inspection flags. */
export function assessmentRoutes(db: Db, now: () => number, validDays = DEFAULT_VALID_DAYS) {
  /** The assessment and its premises, when an official's scope covers them. */
  async function loadForOfficial(c: Parameters<typeof requireRole>[0], id: string, at: Date) {
    requireRole(c, 'ward_officer', 'district_officer', 'city_admin');
    const assessment = await getAssessment(db, id, at);
    if (!assessment) throw new ProblemError(404, `There is no assessment ${id}.`);
    const [, premises] = await loadPremisesFor(c, db, assessment.premisesId, 'read', at);
    return { assessment, premises };
  }

  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(questionnaireRoute, (c) => c.json(QUESTIONNAIRE, 200))
    .openapi(getDraftRoute, async (c) => {
      const [, premises] = await loadPremisesFor(c, db, c.req.valid('param').id, 'write', new Date(now()));
      return c.json(await getDraft(db, premises.id), 200);
    })
    .openapi(saveDraftRoute, async (c) => {
      const [, premises] = await loadPremisesFor(c, db, c.req.valid('param').id, 'write', new Date(now()));
      const { answers } = c.req.valid('json');
      refuseBadAnswers(answers, false);
      return c.json(await saveDraft(db, premises.id, QUESTIONNAIRE, answers), 200);
    })
    .openapi(submitRoute, async (c) => {
      const at = new Date(now());
      const [, premises] = await loadPremisesFor(c, db, c.req.valid('param').id, 'write', at);
      const { answers, questionnaireVersion } = c.req.valid('json');
      if (questionnaireVersion !== undefined && questionnaireVersion !== QUESTIONNAIRE.version) {
        throw new ProblemError(
          409,
          `These answers were given to version ${questionnaireVersion} of the questionnaire; version ${QUESTIONNAIRE.version} is in force. Reload and answer again.`,
        );
      }
      const score = refuseBadAnswers(answers, true);
      const created = await db.transaction(async (tx) => {
        const a = await insertAssessment(tx, {
          premisesId: premises.id,
          questionnaire: QUESTIONNAIRE,
          answers,
          score,
          submittedAt: at,
          validUntil: validUntil(at, score.riskClass, validDays),
        });
        await bumpLayerVersions(tx, ['businesses']);
        await audit(tx, c, {
          action: 'assessment.submit',
          entityType: 'assessment',
          entityId: a.id,
          unit: { level: 'ward', code: premises.ward.code },
          after: { premisesId: premises.id, points: a.points, riskClass: a.riskClass, validUntil: a.validUntil },
        });
        return a;
      });
      return c.json(created, 201);
    })
    .openapi(historyRoute, async (c) => {
      const at = new Date(now());
      const [, premises] = await loadPremisesFor(c, db, c.req.valid('param').id, 'read', at);
      return c.json({ assessments: await listAssessments(db, premises.id, at) }, 200);
    })
    .openapi(flagRoute, async (c) => {
      const at = new Date(now());
      const { assessment, premises } = await loadForOfficial(c, c.req.valid('param').id, at);
      const { note } = c.req.valid('json');
      const after = await db.transaction(async (tx) => {
        const a = await setFlag(tx, assessment.id, c.get('actor')?.id as string, note, at);
        await audit(tx, c, {
          action: 'assessment.flag',
          entityType: 'assessment',
          entityId: a.id,
          unit: { level: 'ward', code: premises.ward.code },
          before: { flag: assessment.flag },
          after: { flag: a.flag },
        });
        return a;
      });
      return c.json(after, 200);
    })
    .openapi(unflagRoute, async (c) => {
      const at = new Date(now());
      const { assessment, premises } = await loadForOfficial(c, c.req.valid('param').id, at);
      const after = await db.transaction(async (tx) => {
        const a = await setFlag(tx, assessment.id, c.get('actor')?.id as string, null, at);
        await audit(tx, c, {
          action: 'assessment.unflag',
          entityType: 'assessment',
          entityId: a.id,
          unit: { level: 'ward', code: premises.ward.code },
          before: { flag: assessment.flag },
          after: { flag: null },
        });
        return a;
      });
      return c.json(after, 200);
    });
}
