import { describe, expect, it } from 'vitest';
import { scopedBeginStatement } from '../src/scoped-transaction.ts';

describe('scopedBeginStatement', () => {
  it('splices only an exact UUID (or the empty platform scope) into the statement', () => {
    const id = '0195f0a0-1234-7abc-8def-0123456789ab';
    expect(scopedBeginStatement('renum_app', id)).toBe(
      `begin; select set_config('role', 'renum_app', true), set_config('app.client_id', '${id}', true)`,
    );
    expect(scopedBeginStatement('renum_platform', '')).toContain("set_config('app.client_id', '', true)");
    for (const hostile of [`${id}'; drop table agents; --`, `${id}\n`, "'", 'not-a-uuid', `${id} `]) {
      expect(scopedBeginStatement('renum_app', hostile)).toBeNull();
    }
    expect(scopedBeginStatement('postgres' as never, id)).toBeNull();
  });
});

describe('scopedBeginStatement with a row to lock first (ADR 0078)', () => {
  const id = '0195f0a0-1234-7abc-8def-0123456789ab';
  it('locks the row in the same query, after the scope, for a plain table name and a UUID only', () => {
    expect(scopedBeginStatement('renum_app', id, { table: 'renum_team_executions', id })).toBe(
      `begin; select set_config('role', 'renum_app', true), set_config('app.client_id', '${id}', true); ` +
        `select 1 from renum_team_executions where id = '${id}' for update`,
    );
    for (const lock of [
      { table: 'renum_team_executions; drop table agents', id },
      { table: '"Quoted"', id },
      { table: 'renum_team_executions', id: `${id}' or true --` },
    ])
      expect(scopedBeginStatement('renum_app', id, lock)).toBeNull();
  });
});

describe('scopedBeginStatement with generic plans (ADR 0082)', () => {
  const id = '0195f0a0-1234-7abc-8def-0123456789ab';
  it('sets plan_cache_mode locally in the same query, before the lock', () => {
    expect(scopedBeginStatement('renum_app', id, { table: 'renum_team_executions', id }, true)).toBe(
      `begin; select set_config('role', 'renum_app', true), set_config('app.client_id', '${id}', true), ` +
        `set_config('plan_cache_mode', 'force_generic_plan', true); ` +
        `select 1 from renum_team_executions where id = '${id}' for update`,
    );
    expect(scopedBeginStatement('renum_app', id)).not.toContain('plan_cache_mode');
  });
});
