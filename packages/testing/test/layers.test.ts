import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findViolations, importsOf, readSources } from '../../../scripts/layers.ts';

const file = (workspace: string, name: string, text: string) => ({
  workspace,
  path: `${workspace}/src/${name}`,
  text,
});

describe('the layering check', () => {
  it('finds static, type-only, re-exported, side-effect and dynamic imports', () => {
    const text = [
      "import { a } from '@renum/db';",
      "import type { B } from './b.ts';",
      "export { c } from '../c.ts';",
      "import 'side-effect';",
      "const d = await import('@renum/vault');",
      'import {\n  e,\n  f,\n} from "multi-line";',
    ].join('\n');
    expect(importsOf(text)).toEqual([
      '@renum/db',
      './b.ts',
      '../c.ts',
      'side-effect',
      '@renum/vault',
      'multi-line',
    ]);
  });

  it('refuses an import the layering does not allow, and allows one it does', () => {
    const violations = findViolations([
      file('packages/runtime', 'a.ts', "import { withClient } from '@renum/db';"),
      file('packages/runtime', 'b.ts', "import { Errors } from '@renum/contracts';"),
      file('apps/web', 'c.tsx', "import { config } from '@renum/config';"),
      file('apps/server', 'd.ts', "import { anything } from '@renum/platform';"),
    ]);
    expect(violations.map((v) => v.path)).toEqual(['packages/runtime/src/a.ts', 'apps/web/src/c.tsx']);
  });

  it('refuses a deep import into a package and a relative import that leaves its package', () => {
    const violations = findViolations([
      file('apps/server', 'a.ts', "import { x } from '@renum/platform/src/runs/send-message.ts';"),
      file('packages/platform', 'b.ts', "import { y } from '../../db/src/index.ts';"),
      file('packages/platform', 'c.ts', "import { z } from './runs/send-message.ts';"),
    ]);
    expect(violations.map((v) => v.path)).toEqual(['apps/server/src/a.ts', 'packages/platform/src/b.ts']);
  });

  it('holds for the whole repository', () => {
    const sources = readSources(resolve(import.meta.dirname, '..', '..', '..'));
    expect(sources.length).toBeGreaterThan(100);
    expect(findViolations(sources)).toEqual([]);
  });
});
