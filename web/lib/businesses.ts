import { api, ok } from './api-client.js';

export type PremisesList = Awaited<ReturnType<typeof listPremises>>;
export type PremisesItem = PremisesList[number];
export type PremisesInput = Parameters<typeof api.api.premises.$post>[0]['json'];
export type Assessment = Awaited<ReturnType<typeof submitAssessment>>;
export type PublicBusiness = Awaited<ReturnType<typeof fetchBusiness>>;

/** Own premises (business) or those in scope (officials), filtered by class and state. */
export async function listPremises(query: { class?: string; state?: string; q?: string } = {}) {
  return (await ok(await api.api.premises.$get({ query: query as never }))).premises;
}

export async function createPremises(json: PremisesInput) {
  return ok(await api.api.premises.$post({ json }));
}

export async function fetchDraft(id: string) {
  return ok(await api.api.premises[':id'].draft.$get({ param: { id } }));
}

export async function saveDraft(id: string, answers: Record<string, string>) {
  return ok(await api.api.premises[':id'].draft.$put({ param: { id }, json: { answers } }));
}

export async function submitAssessment(id: string, answers: Record<string, string>, questionnaireVersion: number) {
  return ok(
    await api.api.premises[':id'].assessments.$post({ param: { id }, json: { answers, questionnaireVersion } }),
  );
}

export async function fetchHistory(id: string) {
  return (await ok(await api.api.premises[':id'].assessments.$get({ param: { id } }))).assessments;
}

export async function flagAssessment(id: string, note: string) {
  return ok(await api.api.assessments[':id'].flag.$put({ param: { id }, json: { note } }));
}

export async function unflagAssessment(id: string) {
  return ok(await api.api.assessments[':id'].flag.$delete({ param: { id } }));
}

/** The public card of published premises. */
export async function fetchBusiness(id: string) {
  return ok(await api.api.businesses[':id'].$get({ param: { id } }));
}

export async function searchBusinesses(q: string) {
  return (await ok(await api.api.businesses.$get({ query: { q, limit: '5' } }))).businesses;
}
