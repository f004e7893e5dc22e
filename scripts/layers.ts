// The layering of docs/ARCHITECTURE.md, checked: which of our packages each package's source may import,
// that a package is imported only through its entry (`@renum/x`, never `@renum/x/src/...`), and that no
// relative import leaves its package. `npm run lint` runs it; packages/testing/test/layers.test.ts tests it.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Which of our packages each workspace's `src/` may import. A workspace missing here may import none. */
export const allowedImports: Record<string, readonly string[]> = {
  'packages/contracts': [],
  'packages/config': [],
  'packages/db': [],
  'packages/vault': [],
  'packages/runtime': ['contracts'],
  'packages/tools': ['contracts', 'runtime'],
  'packages/rag': ['contracts', 'runtime', 'tools'],
  'packages/workflows': ['contracts', 'runtime'],
  'packages/platform': ['contracts', 'db', 'runtime', 'tools', 'vault', 'rag', 'workflows'],
  'packages/sdk': ['contracts'],
  'packages/testing': ['db', 'contracts'],
  'apps/web': ['contracts', 'sdk'],
  'apps/server': ['*'],
};

export interface SourceFile {
  /** The workspace, as `packages/db` or `apps/server`. */
  workspace: string;
  /** The file's path from the repository's root, with `/`. */
  path: string;
  text: string;
}

export interface LayerViolation {
  path: string;
  specifier: string;
  reason: string;
}

const importPattern =
  /(?:^|[\s;}])(?:import|export)\s+(?:type\s+)?(?:[^'";]*?\sfrom\s*)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

/** Every module specifier a source text imports or re-exports, static or dynamic. */
export function importsOf(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(importPattern)) found.push((match[1] ?? match[2])!);
  return found;
}

function checkOurs(file: SourceFile, specifier: string): string | undefined {
  const [, name, deep] = /^@renum\/([^/]+)(\/.*)?$/.exec(specifier) ?? [];
  if (deep) return `imports inside @renum/${name} instead of through its entry`;
  const allowed = allowedImports[file.workspace] ?? [];
  if (allowed.includes('*') || allowed.includes(name!)) return undefined;
  return `${file.workspace} may not import @renum/${name} (allowed: ${allowed.join(', ') || 'none of ours'})`;
}

function checkRelative(file: SourceFile, specifier: string): string | undefined {
  const target = join(file.path, '..', specifier).split(sep).join('/');
  return target.startsWith(`${file.workspace}/`) ? undefined : 'a relative import leaves its package';
}

/** The imports of these files that break the layering. */
export function findViolations(files: readonly SourceFile[]): LayerViolation[] {
  const violations: LayerViolation[] = [];
  for (const file of files) {
    for (const specifier of importsOf(file.text)) {
      const reason = specifier.startsWith('@renum/')
        ? checkOurs(file, specifier)
        : specifier.startsWith('.')
          ? checkRelative(file, specifier)
          : undefined;
      if (reason) violations.push({ path: file.path, specifier, reason });
    }
  }
  return violations;
}

function walk(dir: string, out: string[]): string[] {
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) walk(full, out);
    else if (/\.(ts|tsx|mts)$/.test(name) && !name.endsWith('.d.ts')) out.push(full);
  }
  return out;
}

/** The `src/` files of every workspace under `root`. */
export function readSources(root: string): SourceFile[] {
  const files: SourceFile[] = [];
  for (const group of ['packages', 'apps']) {
    for (const name of readdirSync(join(root, group))) {
      const src = join(root, group, name, 'src');
      if (!existsSync(src)) continue;
      for (const full of walk(src, [])) {
        const path = relative(root, full).split(sep).join('/');
        files.push({ workspace: `${group}/${name}`, path, text: readFileSync(full, 'utf8') });
      }
    }
  }
  return files;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = resolve(fileURLToPath(import.meta.url), '..', '..');
  const sources = readSources(root);
  const violations = findViolations(sources);
  for (const v of violations) console.error(`${v.path}: '${v.specifier}': ${v.reason}`);
  if (violations.length > 0) process.exit(1);
  console.log(`layers: ${sources.length} source files follow docs/ARCHITECTURE.md's layering`);
}
