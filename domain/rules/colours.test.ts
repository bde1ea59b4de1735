import { describe, expect, it } from 'vitest';
import {
  contrastRatio,
  LEVEL_COLOURS,
  NO_LEVEL_COLOUR,
  RISK_CLASS_COLOURS,
  riskClassKey,
  TEXT_ON_LEVEL,
  TEXT_ON_RISK_CLASS,
} from './colours.js';

// WCAG AA for normal-size text: the level numbers and class names are 12–13 px
const AA_TEXT = 4.5;

describe('contrastRatio', () => {
  it('spans 1 (same colour) to 21 (black on white), either order', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#fff', '#000')).toBeCloseTo(21, 5);
    expect(contrastRatio('#fcc419', '#fcc419')).toBe(1);
  });

  it('matches a published pair: #767676 on white is 4.54', () => {
    expect(contrastRatio('#767676', '#ffffff')).toBeCloseTo(4.54, 2);
  });
});

describe('level colours', () => {
  it('are green, yellow, orange, red for levels 1 to 4, and the no-data grey is none of them', () => {
    expect(Object.keys(LEVEL_COLOURS)).toEqual(['1', '2', '3', '4']);
    expect(new Set([...Object.values(LEVEL_COLOURS), NO_LEVEL_COLOUR]).size).toBe(5);
  });

  it.each([1, 2, 3, 4])('level %i: its number reads on its colour', (level) => {
    expect(contrastRatio(TEXT_ON_LEVEL, LEVEL_COLOURS[level])).toBeGreaterThanOrEqual(AA_TEXT);
  });
});

describe('risk class colours', () => {
  it.each(Object.keys(RISK_CLASS_COLOURS) as (keyof typeof RISK_CLASS_COLOURS)[])(
    '%s: the class name reads on its colour',
    (key) => {
      expect(contrastRatio(TEXT_ON_RISK_CLASS[key], RISK_CLASS_COLOURS[key])).toBeGreaterThanOrEqual(AA_TEXT);
    },
  );

  it('an assessment that is no longer valid shows grey, never its class colour', () => {
    expect(riskClassKey('very_low', 'valid')).toBe('very_low');
    expect(riskClassKey('very_low', 'expired')).toBe('expired');
    expect(riskClassKey('high', 'superseded')).toBe('expired');
  });
});
