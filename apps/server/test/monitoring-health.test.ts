import { testDatabaseTargets } from '@renum/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestSession } from './test-app.ts';

const pglite = testDatabaseTargets()[0]!;
const model = 'openai/gpt-4o-mini';

describe('monitoring: providers, WhatsApp and p50/p95/p99 from seeded data', () => {
  let t: TestApp;
  let admin: TestSession;
  beforeAll(async () => {
    t = await createTestApp(pglite);
    admin = await t.platformAdmin();
    const started = await t.startConversation({ name: 'Seed', system_prompt: 'Help.' });
    const answer = await t.ask(started.owner.accessToken, started.conversationId, 'hello', { stream: false });
    expect(answer.statusCode).toBeLessThan(300);
    for (let attempt = 0; attempt < 200; attempt += 1) {
      const [row] = await t.handle.query<{ status: string }>(
        'select status from runs where conversation_id = $1',
        [started.conversationId],
      );
      if (row?.status === 'completed') break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const [run] = await t.handle.query<{ id: string }>('select id from runs where conversation_id = $1', [
      started.conversationId,
    ]);
    // Ten runs on openai ten minutes ago, lasting 100 ms … 1000 ms; the four slowest failed, the last with
    // PROVIDER_ERROR. Copies of the real run, so every other column stays valid.
    for (let k = 1; k <= 10; k += 1) {
      const failed = k > 6;
      await t.handle.query(
        `insert into runs select (jsonb_populate_record(null::runs, to_jsonb(r) || jsonb_build_object(
           'id', gen_random_uuid(), 'idempotency_key', null, 'model', $2::text,
           'status', $3::text, 'error_code', $4::text,
           'queued_at', now() - interval '10 minutes',
           'finished_at', now() - interval '10 minutes' + make_interval(secs => $5::float8 / 1000)))).*
         from runs r where id = $1`,
        [
          run!.id,
          model,
          failed ? 'failed' : 'completed',
          k === 10 ? 'PROVIDER_ERROR' : failed ? 'TIMEOUT' : null,
          k * 100,
        ],
      );
    }
    // Five openai model calls in the ledger, 100 … 500 ms.
    const [call] = await t.handle.query<{ id: string }>(
      `select id from renum_ai_usage_logs where run_id = $1 and kind = 'model' limit 1`,
      [run!.id],
    );
    for (let k = 1; k <= 5; k += 1) {
      await t.handle.query(
        `insert into renum_ai_usage_logs select (jsonb_populate_record(null::renum_ai_usage_logs,
           to_jsonb(u) || jsonb_build_object('id', gen_random_uuid(), 'model_provider', 'openai',
           'model_name', 'gpt-4o-mini', 'latency_ms', $2::int))).*
         from renum_ai_usage_logs u where id = $1`,
        [call!.id, k * 100],
      );
    }
  }, 180_000);
  afterAll(async () => t?.close());

  it('answers each provider with its outcomes, status and call latency percentiles', async () => {
    const answer = await t.request({ method: 'GET', url: '/v1/admin/monitoring', token: admin.accessToken });
    expect(answer.statusCode, answer.body).toBe(200);
    const monitoring = answer.json();
    const openai = monitoring.model_providers.find((row: { provider: string }) => row.provider === 'openai');
    expect(openai).toMatchObject({
      status: 'degraded',
      runs: 10,
      failed: 4,
      error_rate: 0.4,
      last_error_code: 'PROVIDER_ERROR',
      calls: 5,
      p50_ms: 300,
      p95_ms: 480,
      p99_ms: 496,
    });
    expect(openai.last_failure_at).toEqual(expect.any(String));
    const offline = monitoring.model_providers.find(
      (row: { provider: string }) => row.provider === 'offline',
    );
    expect(offline).toMatchObject({ status: 'ok', runs: 1, failed: 0, error_rate: 0 });
    // Run latency (queued → finished) by model, p99 included: 100 … 1000 ms.
    const byModel = monitoring.by_model.find((row: { model: string }) => row.model === model);
    expect(byModel).toMatchObject({ runs: 10, failed: 4, p50_ms: 550, p95_ms: 955, p99_ms: 991 });
    expect(monitoring.runs.p99_ms).toEqual(expect.any(Number));
    expect(monitoring.whatsapp).toEqual({
      status: 'idle',
      received: 0,
      sent: 0,
      delivered: 0,
      failed: 0,
      error_rate: null,
      last_failure_at: null,
    });
  });

  it('leaves runs older than the window out of the hour and in the day', async () => {
    await t.handle.query(
      `update runs set queued_at = queued_at - interval '3 hours', finished_at = finished_at - interval '3 hours'
        where model = $1`,
      [model],
    );
    const hour = await t.request({ method: 'GET', url: '/v1/admin/monitoring', token: admin.accessToken });
    expect(
      hour.json().model_providers.find((row: { provider: string }) => row.provider === 'openai'),
    ).toMatchObject({ runs: 0, status: 'idle', calls: 5 });
    const day = await t.request({
      method: 'GET',
      url: '/v1/admin/monitoring?window=day',
      token: admin.accessToken,
    });
    expect(
      day.json().model_providers.find((row: { provider: string }) => row.provider === 'openai'),
    ).toMatchObject({ runs: 10, failed: 4, status: 'degraded' });
  });
});
