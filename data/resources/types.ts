/** The kinds of places that help, shared by the server and the web. */
export const RESOURCE_TYPES = [
  'mobile_station',
  'oxygen_atm',
  'vaccination_point',
  'treatment_facility',
  'testing_point',
] as const;
export type ResourceType = (typeof RESOURCE_TYPES)[number];
