import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  LEVEL_COLOURS,
  NO_LEVEL_COLOUR,
  RISK_CLASS_COLOURS,
  TEXT_ON_LEVEL,
  TEXT_ON_RISK_CLASS,
} from '../../domain/rules/colours.js';

const web = fileURLToPath(new URL('..', import.meta.url));
const read = (path: string) => readFileSync(join(web, path), 'utf8');
const cssFiles = (dir = web): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? cssFiles(join(dir, e.name)) : e.name.endsWith('.css') ? [relative(web, join(dir, e.name))] : [],
  );
const sourceFiles = (dir = web): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [relative(web, join(dir, e.name))] : [],
  );
const withoutComments = (css: string) => css.replace(/\/\*[\s\S]*?\*\//g, '');

const tokens = new Map(
  [...withoutComments(read('styles/tokens.css')).matchAll(/(--[\w-]+):\s*([^;]+);/g)].map((m) => [m[1], m[2].trim()]),
);

describe('colour tokens agree with domain/rules/colours.ts', () => {
  it.each([1, 2, 3, 4])('--level-%i', (level) => {
    expect(tokens.get(`--level-${level}`)).toBe(LEVEL_COLOURS[level]);
  });

  it('--level-none and the text on levels', () => {
    expect(tokens.get('--level-none')).toBe(NO_LEVEL_COLOUR);
    expect(tokens.get('--color-text-on-level')).toBe(TEXT_ON_LEVEL);
  });

  it.each(Object.keys(RISK_CLASS_COLOURS) as (keyof typeof RISK_CLASS_COLOURS)[])('--class-%s and its text', (key) => {
    expect(tokens.get(`--class-${key}`)).toBe(RISK_CLASS_COLOURS[key]);
    expect(tokens.get(`--class-${key}-text`)).toBe(TEXT_ON_RISK_CLASS[key]);
  });
});

describe('style files', () => {
  const files = cssFiles();

  it('write colours only as tokens: no literal colour outside tokens.css', () => {
    const literal = /#[0-9a-fA-F]{3,8}\b|rgba?\(|hsla?\(/;
    const offenders = files
      .filter((f) => f !== join('styles', 'tokens.css'))
      .flatMap((f) =>
        withoutComments(read(f))
          .split('\n')
          .filter((line) => literal.test(line))
          .map((line) => `${f}: ${line.trim()}`),
      );
    expect(offenders).toEqual([]);
  });

  it('use only tokens that tokens.css defines', () => {
    const undefinedTokens = files.flatMap((f) =>
      [...read(f).matchAll(/var\((--[\w-]+)\)/g)].map((m) => m[1]).filter((name) => !tokens.has(name)),
    );
    expect(undefinedTokens).toEqual([]);
  });

  it('have one phone breakpoint, the width the code treats as a phone', () => {
    const queries = new Set(
      files.flatMap((f) => [...withoutComments(read(f)).matchAll(/@media\s+([^{]+)\{/g)].map((m) => m[1].trim())),
    );
    expect([...queries]).toEqual(['(max-width: 640px)']);
    const code = sourceFiles().filter((f) => !f.endsWith('.test.ts'));
    const phoneChecks = code.flatMap((f) => [...read(f).matchAll(/innerWidth\s*<=?\s*(\d+)|max-width:\s*(\d+)px/g)]);
    expect(phoneChecks.length).toBeGreaterThan(0);
    expect(new Set(phoneChecks.map((m) => m[1] ?? m[2]))).toEqual(new Set(['640']));
  });

  it('are all imported by the entry web/styles.css, which main.tsx imports', () => {
    const imported = [...read('styles.css').matchAll(/@import\s+"\.\/([^"]+)"/g)].map((m) => m[1]);
    expect(imported.sort()).toEqual(files.filter((f) => f !== 'styles.css').sort());
    expect(read('main.tsx')).toMatch(/import '\.\/styles\.css'/);
  });
});
