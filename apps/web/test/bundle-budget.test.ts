import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { adminEn } from '../src/i18n/admin-console.en.ts';

// The first load of the web builder stays under a budget (issue 17, ADR 0036): the JS and CSS that
// index.html loads before anything else, with every module those import statically, gzipped. Pages are
// lazily loaded route chunks and do not count. Cheap: it reuses the build `npm test` already makes
// (scripts/web-build.mjs rebuilds only when the sources are newer than apps/web/dist).

const budgetBytes = 150_000;
const root = join(import.meta.dirname, '..', '..', '..');
const dist = join(root, 'apps', 'web', 'dist');

/** Files index.html loads up front: the entry script, its modulepreloads and stylesheets. */
function referencedByHtml(html: string): string[] {
  const found = new Set<string>();
  for (const match of html.matchAll(
    /<(?:script|link)\b[^>]*\b(?:src|href)="\/(assets\/[^"]+\.(?:js|css))"/g,
  )) {
    found.add(match[1]!);
  }
  return [...found];
}

/** Static imports of a built chunk (`import{x}from"./a.js"`), never dynamic `import("./b.js")`. */
function staticImports(code: string): string[] {
  const found: string[] = [];
  for (const match of code.matchAll(/\bimport\s*(?:[^'"();]*?from\s*)?["']\.\/([^"']+\.js)["']/g)) {
    found.push(`assets/${match[1]!}`);
  }
  return found;
}

/** The initial files, following static imports from those index.html names. */
function initialFiles(): string[] {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const seen = new Set<string>();
  const queue = referencedByHtml(html);
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    if (file.endsWith('.js')) queue.push(...staticImports(readFileSync(join(dist, file), 'utf8')));
  }
  return [...seen].sort();
}

describe('web bundle budget', () => {
  beforeAll(() => {
    const result = spawnSync(process.execPath, [join(root, 'scripts', 'web-build.mjs'), 'build'], {
      stdio: 'inherit',
    });
    if (result.status !== 0) throw new Error('the web app build failed (see above)');
  }, 180_000);

  it(`loads at most ${budgetBytes / 1000} kB (gzipped JS + CSS) before the first page`, () => {
    const files = initialFiles();
    const sizes = files.map((file) => ({
      file,
      gzip: gzipSync(readFileSync(join(dist, file)), { level: 9 }).length,
    }));
    const total = sizes.reduce((sum, entry) => sum + entry.gzip, 0);
    expect(files.some((file) => file.endsWith('.css'))).toBe(true);
    expect(files.filter((file) => file.endsWith('.js')).length).toBeGreaterThan(0);
    expect(total, JSON.stringify(sizes, null, 1)).toBeLessThanOrEqual(budgetBytes);
  });

  it('keeps pages, charts, zod, the Portuguese texts and the admin console’s out of the first load', () => {
    const files = initialFiles();
    // Page chunks are named after their module (`playground-page-<hash>.js`).
    expect(files.filter((file) => /-page-[\w-]+\.js$/.test(file))).toEqual([]);
    const initial = files.map((file) => readFileSync(join(dist, file), 'utf8')).join('\n');
    // Strings only these modules contain: recharts, zod's English error map, the pt-BR catalogue, the
    // admin console's English catalogue (it comes with the console's chunk).
    expect(initial).not.toContain('recharts');
    expect(initial).not.toMatch(/Too small: expected/);
    expect(initial).not.toContain('Conectado como');
    expect(initial).not.toContain(adminEn['admin.settings.restrictModels']);
  });
});
