import { describe, expect, it } from 'vitest';
import { ConfigError, childProcessEnvironment, loadConfig, serverSelectingVariables } from '../src/index.ts';

describe('loadConfig', () => {
  it('defaults to the embedded database with the demo seed and the offline model', () => {
    const config = loadConfig({});
    expect(config.database).toEqual({ kind: 'pglite', dataDir: '.renum' });
    expect(config.seedDemo).toBe(true);
    expect(config.port).toBe(3000);
    expect(config.models.defaultModel).toBe('offline/renum');
  });

  it('uses Postgres without the demo seed when DATABASE_URL is set', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://u@127.0.0.1:5432/db',
      RENUM_JWT_SECRET: 'x'.repeat(32),
    });
    expect(config.database).toEqual({
      kind: 'postgres',
      url: 'postgres://u@127.0.0.1:5432/db',
      poolSize: 10,
      preparedStatements: true,
    });
    expect(config.seedDemo).toBe(false);
    const pooled = loadConfig({
      DATABASE_URL: 'postgres://u@127.0.0.1:6543/db',
      RENUM_JWT_SECRET: 'x'.repeat(32),
      DATABASE_PREPARED_STATEMENTS: 'false',
    });
    expect(pooled.database).toMatchObject({ kind: 'postgres', preparedStatements: false });
  });

  it('reads OpenAI-compatible endpoints and the offline model pace, refusing malformed ones', () => {
    const config = loadConfig({
      RENUM_OPENAI_COMPATIBLE: '{"ollama":{"baseURL":"http://127.0.0.1:11434/v1","models":["llama3.2"]}}',
      RENUM_OFFLINE_CHUNK_DELAY_MS: '0',
    });
    expect(config.models.openaiCompatible).toEqual({
      ollama: { baseURL: 'http://127.0.0.1:11434/v1', models: ['llama3.2'] },
    });
    expect(config.models.offlineChunkDelayMs).toBe(0);
    expect(loadConfig({}).models.offlineChunkDelayMs).toBe(30);
    for (const bad of ['{"ollama":{}}', '{"bad name":{"baseURL":"http://127.0.0.1:1/v1"}}', 'not json']) {
      expect(() => loadConfig({ RENUM_OPENAI_COMPATIBLE: bad })).toThrowError(/RENUM_OPENAI_COMPATIBLE/);
    }
  });

  it('names the bad variable', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrowError(/PORT/);
    expect(() => loadConfig({ RENUM_SEED_DEMO: 'maybe' })).toThrowError(/RENUM_SEED_DEMO/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrowError(/DATABASE_URL/);
    expect(() => loadConfig({ RENUM_JWT_SECRET: 'short' })).toThrowError(/RENUM_JWT_SECRET/);
  });

  it('reads the trace viewer’s URL template, refusing one without {trace_id} or not http(s)', () => {
    expect(loadConfig({}).observability.traceUrl).toBeUndefined();
    const template = 'http://127.0.0.1:16686/trace/{trace_id}';
    expect(loadConfig({ RENUM_TRACE_URL: template }).observability.traceUrl).toBe(template);
    for (const bad of [
      'http://127.0.0.1:16686/trace/',
      'javascript:alert({trace_id})',
      'not a url {trace_id}',
    ])
      expect(() => loadConfig({ RENUM_TRACE_URL: bad })).toThrowError(/RENUM_TRACE_URL/);
  });

  it('reads the proxy trust setting', () => {
    expect(loadConfig({}).http.trustProxy).toBe(false);
    expect(loadConfig({ RENUM_TRUST_PROXY: 'true' }).http.trustProxy).toBe(true);
    expect(loadConfig({ RENUM_TRUST_PROXY: '10.0.0.0/8, 127.0.0.1' }).http.trustProxy).toEqual([
      '10.0.0.0/8',
      '127.0.0.1',
    ]);
  });

  it('requires a shared JWT secret with an external database', () => {
    const attempt = () => loadConfig({ DATABASE_URL: 'postgres://u@127.0.0.1/db' });
    expect(attempt).toThrowError(ConfigError);
    expect(attempt).toThrowError(/RENUM_JWT_SECRET/);
  });

  it('parses lists and picks the OpenAI default model when a key is present', () => {
    const config = loadConfig({
      RENUM_CORS_ORIGINS: 'https://a.example, https://b.example',
      OPENAI_API_KEY: 'k',
    });
    expect(config.http.corsOrigins).toEqual(['https://a.example', 'https://b.example']);
    expect(config.models.defaultModel).toBe('openai/gpt-4o-mini');
  });
});

describe('childProcessEnvironment', () => {
  it('passes this process’s environment on without the settings that would pick the server’s data or model', () => {
    const previous = {
      path: process.env.PATH,
      database: process.env.DATABASE_URL,
      key: process.env.OPENAI_API_KEY,
    };
    process.env.DATABASE_URL = 'postgres://someone@127.0.0.1:5432/theirs';
    process.env.OPENAI_API_KEY = 'sk-from-the-shell';
    try {
      const env = childProcessEnvironment({ PORT: '0', OPENAI_API_KEY: 'bench-key' });
      expect(env.PATH).toBe(previous.path);
      expect(env.DATABASE_URL).toBeUndefined();
      expect(env.OPENAI_API_KEY).toBe('bench-key');
      expect(env.PORT).toBe('0');
      for (const name of serverSelectingVariables) {
        if (name !== 'OPENAI_API_KEY') expect(env[name]).toBeUndefined();
      }
    } finally {
      if (previous.database === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = previous.database;
      if (previous.key === undefined) delete process.env.OPENAI_API_KEY;
      else process.env.OPENAI_API_KEY = previous.key;
    }
  });
});
