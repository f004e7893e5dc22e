import { AppError } from '@renum/contracts';
import { describe, expect, it } from 'vitest';
import {
  createBoundedMemo,
  createProxyToolDefinitions,
  createToolCatalog,
  type HttpToolDefinition,
  type ToolProxy,
} from '../../src/index.ts';

const definition: HttpToolDefinition = {
  name: 'get_order',
  description: 'Look an order up by id',
  url_template: 'https://shop.example.com/orders/{order_id}',
  allowed_hosts: ['shop.example.com'],
  parameters: {
    type: 'object',
    properties: { order_id: { type: 'string', pattern: '^[A-Z]{3}-\\d+$' } },
    required: ['order_id'],
  },
};

function refusal(options: unknown): AppError {
  try {
    createToolCatalog().create({ name: 'http_request', options });
  } catch (error) {
    if (AppError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('the definition was accepted');
}

describe('http_request definitions', () => {
  it('refuses header values with CR, LF or NUL, naming the header', () => {
    for (const value of ['a\r\nX-Injected: 1', 'a\nb', 'a\rb', 'a\u0000b']) {
      const error = refusal({ ...definition, headers: { 'X-Shop': value } });
      expect(error.code).toBe('VALIDATION_ERROR');
      expect(error.context.details).toEqual([
        { path: 'headers.X-Shop', message: 'must not contain CR, LF or NUL characters' },
      ]);
    }
    expect(() =>
      createToolCatalog().create({
        name: 'http_request',
        options: { ...definition, headers: { 'X-Shop': 'plain value' } },
      }),
    ).not.toThrow();
  });

  it('refuses unsafe parameters with the path inside the schema', () => {
    const error = refusal({
      ...definition,
      parameters: {
        type: 'object',
        properties: { order_id: { type: 'string', pattern: '(a)\\1' } },
        required: ['order_id'],
      },
    });
    expect(error.context.details).toEqual([
      { path: 'parameters.properties.order_id.pattern', message: expect.stringContaining('backreferences') },
    ]);
  });

  it('builds a tool once per distinct definition and reuses it for every later run or call', () => {
    const catalog = createToolCatalog();
    const first = catalog.create({ name: 'http_request', options: definition });
    const again = catalog.create({ name: 'http_request', options: structuredClone(definition) });
    const critical = catalog.create({ name: 'http_request', options: definition, critical: true });
    expect(again).toBe(first);
    expect(critical.inputSchema).toBe(first.inputSchema);
    expect(critical.critical).toBe(true);
    const other = catalog.create({ name: 'http_request', options: { ...definition, name: 'find_order' } });
    expect(other.inputSchema).not.toBe(first.inputSchema);
    expect(first.inputSchema.safeParse({ order_id: 'ABC-12' }).success).toBe(true);
    expect(first.inputSchema.safeParse({ order_id: 'abc' }).success).toBe(false);
  });
});

describe('createBoundedMemo', () => {
  it('keeps at most its limit, dropping the least recently used', () => {
    const memo = createBoundedMemo<number>(2);
    let builds = 0;
    const build = () => ++builds;
    memo.get('a', build);
    memo.get('b', build);
    memo.get('a', build); // a is now the most recent
    memo.get('c', build); // b goes
    expect(memo.size).toBe(2);
    expect(memo.get('a', build)).toBe(1);
    expect(memo.get('b', build)).toBe(4);
  });
});

describe('createProxyToolDefinitions without a catalog', () => {
  it('shares one catalog, so a second run reuses the compiled schema', () => {
    const options = {
      proxy: {} as ToolProxy,
      scope: { clientId: 'c', agentId: 'a', runId: 'r' },
      enabled: [{ name: 'http_request', options: definition }],
    };
    const [first] = createProxyToolDefinitions(options);
    const [second] = createProxyToolDefinitions({ ...options, scope: { ...options.scope, runId: 'r2' } });
    expect(second?.inputSchema).toBe(first?.inputSchema);
  });
});
