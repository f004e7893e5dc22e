import { describe, expect, it } from 'vitest';
import { withoutEngineWarnings } from '../../../scripts/npm-stderr.mjs';

const engineWarning = (name: string) =>
  [
    'npm warn EBADENGINE Unsupported engine {',
    `npm warn EBADENGINE   package: '${name}',`,
    "npm warn EBADENGINE   required: { node: '>=22' },",
    "npm warn EBADENGINE   current: { node: 'v20.20.2', npm: '11.19.1' }",
    'npm warn EBADENGINE }',
  ].join('\n');

describe("the first install's npm output (scripts/ensure-deps.mjs)", () => {
  it('leaves out the engine warnings, keeps every other line, and says how many it left out', () => {
    const stderr = [
      engineWarning('@ai-sdk/openai@4.0.118'),
      'npm warn deprecated glob@7.2.3: Glob versions prior to v9 are no longer supported',
      engineWarning('@ai-sdk/anthropic@4.0.105'),
      'npm error something to read',
      '',
    ].join('\n');
    const shown = withoutEngineWarnings(stderr, 'v20.20.2');
    expect(shown.split('\n')).toEqual([
      'npm warn deprecated glob@7.2.3: Glob versions prior to v9 are no longer supported',
      'npm error something to read',
      expect.stringMatching(
        /^\[renum\] 2 EBADENGINE warnings of npm left out: .* not on this machine's v20\.20\.2$/,
      ),
      '',
    ]);
  });

  it('puts its line on a line of its own, also after output without a final newline', () => {
    const shown = withoutEngineWarnings(`npm warn deprecated a@1: old\n${engineWarning('b@2')}`, 'v20.1.0');
    expect(shown).toMatch(
      /^npm warn deprecated a@1: old\n\[renum\] 1 EBADENGINE warnings of npm left out: [^\n]*v20\.1\.0\n$/,
    );
  });

  it('gives the output back as it is when npm printed no engine warning', () => {
    const stderr = 'npm warn deprecated inflight@1.0.6: not supported\n';
    expect(withoutEngineWarnings(stderr)).toBe(stderr);
  });
});
