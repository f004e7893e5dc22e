import { testDatabaseTargets } from '@renum/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './test-app.ts';

const pglite = testDatabaseTargets()[0]!;

describe('GET /v1/models', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(pglite, {
      models: {
        openaiCompatible: {
          ollama: { baseURL: 'http://127.0.0.1:9/v1', models: ['llama3.2'], label: 'Ollama' },
        },
      },
    });
  });
  afterAll(() => t.close());

  it('lists the configured models, the offline one labelled, to a signed-in person only', async () => {
    const owner = await t.signup();
    const response = await t.request({ method: 'GET', url: '/v1/models', token: owner.accessToken });
    expect(response.statusCode).toBe(200);
    const body = response.json() as { data: { id: string; offline: boolean; label: string }[] };
    expect(body.data.map((model) => model.id)).toEqual([
      'openai-compatible/ollama/llama3.2',
      'offline/renum',
    ]);
    expect(body.data.find((model) => model.offline)?.label).toMatch(/offline/i);
    expect((await t.request({ method: 'GET', url: '/v1/models' })).statusCode).toBe(401);
  });
});
