import type { RiskClass } from './assessment/score.js';

/**
 * The colours that carry meaning, defined once: the epidemic levels (Resolution 128/NQ-CP: green,
 * yellow, orange, red) and the risk classes of the business self-assessment. Pure data, so the map
 * style, the legend, the badges and the server's printable certificate all import it; the CSS
 * keeps the same values as tokens (web/styles/tokens.css), and colours.test.ts holds them equal.
 */

/** Fill of a ward, group or badge at each epidemic level. */
export const LEVEL_COLOURS: Readonly<Record<number, string>> = {
  1: '#2f9e44',
  2: '#fcc419',
  3: '#f76707',
  4: '#e03131',
};

/** A ward without figures for the week shown: grey, never a level colour. */
export const NO_LEVEL_COLOUR = '#d5dcdb';

/** Text on any level colour (the number in the legend and the badges): black reads on all four. */
export const TEXT_ON_LEVEL = '#000000';

/** Map and badge colours of the risk classes; expired assessments are grey, never a class colour. */
export const RISK_CLASS_COLOURS: Readonly<Record<RiskClass | 'expired', string>> = {
  very_low: '#1a9850',
  low: '#91cf60',
  medium: '#fee08b',
  high: '#fc8d59',
  very_high: '#d73027',
  expired: '#8a8a8a',
};

/** Text on each class colour: dark, except white on the darkest red. */
export const TEXT_ON_RISK_CLASS: Readonly<Record<RiskClass | 'expired', string>> = {
  very_low: '#1b1b1b',
  low: '#1b1b1b',
  medium: '#1b1b1b',
  high: '#1b1b1b',
  very_high: '#ffffff',
  expired: '#1b1b1b',
};

/** Which colour a result shows: its class while valid, grey once expired or superseded. */
export function riskClassKey(riskClass: RiskClass, status: 'valid' | 'expired' | 'superseded'): RiskClass | 'expired' {
  return status === 'valid' ? riskClass : 'expired';
}

/** WCAG 2 contrast ratio of two `#rrggbb` (or `#rgb`) colours, 1 to 21. */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

function luminance(hex: string): number {
  const h = hex.replace('#', '');
  const full = h.length === 3 ? [...h].map((c) => c + c).join('') : h.slice(0, 6);
  const [r, g, b] = [0, 2, 4].map((i) => {
    const c = Number.parseInt(full.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
