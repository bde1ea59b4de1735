import { queryOptions } from '@tanstack/react-query';
import type { InferRequestType, InferResponseType } from 'hono/client';
import { abortable, api, ok } from './api-client.js';

type PremisesQuery = InferRequestType<typeof api.api.premises.$get>['query'];
export type PremisesItem = InferResponseType<typeof api.api.premises.$get, 200>['premises'][number];
export type PremisesInput = InferRequestType<typeof api.api.premises.$post>['json'];
export type Assessment = InferResponseType<(typeof api.api.premises)[':id']['assessments']['$post'], 201>;
export type PublicBusiness = InferResponseType<(typeof api.api.businesses)[':id']['$get'], 200>;
export type FoundBusiness = InferResponseType<typeof api.api.businesses.$get, 200>['businesses'][number];

/** Own premises (business) or those in scope (officials), filtered by class and state. */
export const premisesQuery = (filters: Pick<PremisesQuery, 'class' | 'state'> = {}) =>
  queryOptions({
    queryKey: ['premises', 'list', filters],
    queryFn: async ({ signal }) =>
      (await ok(await api.api.premises.$get({ query: filters }, abortable(signal)))).premises,
  });

export const draftQuery = (id: string) =>
  queryOptions({
    queryKey: ['premises', id, 'draft'],
    queryFn: async ({ signal }) => ok(await api.api.premises[':id'].draft.$get({ param: { id } }, abortable(signal))),
    staleTime: 0,
  });

export const assessmentHistoryQuery = (id: string) =>
  queryOptions({
    queryKey: ['premises', id, 'assessments'],
    queryFn: async ({ signal }) =>
      (await ok(await api.api.premises[':id'].assessments.$get({ param: { id } }, abortable(signal)))).assessments,
  });

/** The public card of published premises. */
export const businessQuery = (id: string) =>
  queryOptions({
    queryKey: ['businesses', id],
    queryFn: async ({ signal }) => ok(await api.api.businesses[':id'].$get({ param: { id } }, abortable(signal))),
  });

export const businessSearchQuery = (q: string) =>
  queryOptions({
    queryKey: ['businesses', 'search', q],
    queryFn: async ({ signal }) =>
      (await ok(await api.api.businesses.$get({ query: { q, limit: 5 } }, abortable(signal)))).businesses,
    enabled: q.length >= 2,
  });

export async function createPremises(json: PremisesInput) {
  return ok(await api.api.premises.$post({ json }));
}

export async function saveDraft(id: string, answers: Record<string, string>) {
  return ok(await api.api.premises[':id'].draft.$put({ param: { id }, json: { answers } }));
}

export async function submitAssessment(id: string, answers: Record<string, string>, questionnaireVersion: number) {
  return ok(
    await api.api.premises[':id'].assessments.$post({ param: { id }, json: { answers, questionnaireVersion } }),
  );
}

export async function flagAssessment(id: string, note: string) {
  return ok(await api.api.assessments[':id'].flag.$put({ param: { id }, json: { note } }));
}

export async function unflagAssessment(id: string) {
  return ok(await api.api.assessments[':id'].flag.$delete({ param: { id } }));
}
