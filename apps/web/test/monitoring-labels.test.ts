import { describe, expect, it } from 'vitest';
import { adminPtBr } from '../src/i18n/admin.pt-br.ts';
import { adminEn } from '../src/i18n/admin-console.en.ts';
import type { Translate } from '../src/i18n/i18n.tsx';
import type { MessageKey } from '../src/i18n/messages-en.ts';
import { dependencyLabel } from '../src/pages/admin/admin-format.ts';

/** A translation from one catalogue, as the console's `t` answers once its messages are loaded. */
const from =
  (catalogue: Record<string, string>): Translate =>
  (key: MessageKey) =>
    catalogue[key] ?? key;

describe("the monitoring page's dependency names", () => {
  it('names the platform’s own probes in the reader’s language', () => {
    expect(['database', 'redis', 'suna'].map((name) => dependencyLabel(from(adminPtBr), name))).toEqual([
      'Banco de dados',
      'Redis',
      'Suna',
    ]);
    expect(dependencyLabel(from(adminEn), 'database')).toBe('Database');
  });

  it('shows any other dependency by the name the server gave it', () => {
    expect(dependencyLabel(from(adminPtBr), 'clickhouse')).toBe('clickhouse');
  });
});
