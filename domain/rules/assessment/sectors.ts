/** The kinds of premises a business registers: the guidance by level is given per sector. */
export const SECTORS = ['office', 'factory', 'shop_market', 'restaurant', 'school', 'lodging', 'other'] as const;
export type Sector = (typeof SECTORS)[number];
