import fc from 'fast-check';
import { nastyString } from './nasty-values.ts';
import type { FuzzWorld } from './request-parts.ts';

/** Path values that are not ids: malformed UUIDs, traversal, encoded NUL and broken UTF-8, huge. */
export const malformedIds: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    'null',
    'undefined',
    '0',
    '-1',
    '1e309',
    '9'.repeat(40),
    'not-a-uuid',
    '00000000-0000-0000-0000-000000000000',
    'ffffffff-ffff-ffff-ffff-ffffffffffff',
    '..',
    '%2e%2e',
    '%00',
    '%ED%A0%BD',
    '%',
    '%zz',
    'a'.repeat(10_000),
  ),
  fc
    .uuid()
    .chain((uuid) =>
      fc.constantFrom(
        uuid.toUpperCase(),
        `{${uuid}}`,
        `${uuid}x`,
        uuid.slice(0, 35),
        uuid.replaceAll('-', ''),
        `${uuid.slice(0, 9)}g${uuid.slice(10)}`,
        `%20${uuid}`,
        `${uuid}%00`,
      ),
    ),
);

/** Cursors that are not this page's: other clients' and own ids of other lists, odd ids, not base64 at all. */
export function cursors(world: FuzzWorld): fc.Arbitrary<string> {
  const ids = [...Object.values(world.ownIds), ...Object.values(world.otherIds)].flat();
  const texts = [...ids, '00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff'];
  return fc.oneof(
    fc
      .constantFrom(...texts)
      .chain((text) =>
        fc.constantFrom(
          Buffer.from(text).toString('base64url'),
          Buffer.from(text.toUpperCase()).toString('base64'),
          text,
        ),
      ),
    nastyString.map((text) => Buffer.from(text).toString('base64url')),
    fc.constantFrom('eyJ4IjoxfQ', '', '====', '-_-_', 'a'.repeat(201)),
  );
}
