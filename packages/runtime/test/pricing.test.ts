import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  bundledPriceTable,
  createPriceTable,
  formatUsdUnits,
  loadPriceTable,
  priceOf,
  priceTableSchema,
  sumUsd,
  usdToUnits,
} from '../src/index.ts';

describe('price table', () => {
  it('ships a versioned table with offline free', () => {
    expect(priceTableSchema.parse(bundledPriceTable)).toBeTruthy();
    expect(bundledPriceTable.version).toMatch(/\S/);
    expect(bundledPriceTable.models['offline/renum']).toEqual({
      input_per_million: 0,
      output_per_million: 0,
    });
    expect(bundledPriceTable.models['openai/gpt-4o-mini']).toEqual({
      input_per_million: 0.15,
      output_per_million: 0.6,
    });
    expect(Object.keys(bundledPriceTable.models).some((id) => id.startsWith('anthropic/'))).toBe(true);
  });

  it('prices a call from the table', () => {
    const quote = priceOf({
      provider: 'openai',
      model: 'gpt-4o-mini',
      inputTokens: 1_000_000,
      outputTokens: 500_000,
    });
    expect(quote).toEqual({
      costUsd: 0.45,
      costUsdText: '0.45000000',
      priced: true,
      version: bundledPriceTable.version,
      priceKey: 'openai/gpt-4o-mini',
    });
    const small = priceOf({
      provider: 'anthropic',
      model: 'claude-sonnet-4-5',
      inputTokens: 7,
      outputTokens: 3,
    });
    expect(small.costUsdText).toBe('0.00006600');
    expect(small.costUsd).toBe(0.000066);
    expect(
      priceOf({ provider: 'offline', model: 'renum', inputTokens: 500, outputTokens: 80 }),
    ).toMatchObject({
      costUsd: 0,
      priced: true,
    });
  });

  it('rounds once to 8 decimals without float drift', () => {
    // 1 token of gpt-4o-mini input: 0.15 / 1e6 = 0.00000015 exactly.
    expect(
      priceOf({ provider: 'openai', model: 'gpt-4o-mini', inputTokens: 1, outputTokens: 0 }).costUsdText,
    ).toBe('0.00000015');
    expect(
      priceOf({ provider: 'openai', model: 'gpt-5-nano', inputTokens: 1, outputTokens: 0 }).costUsd,
    ).toBe(5e-8);
    // 0.000000125 is 12.5 units of 1e-8 USD: rounded once, half away from zero.
    const table = createPriceTable({
      override: { models: { 'x/y': { input_per_million: 0.125, output_per_million: 0 } } },
    });
    expect(priceOf({ provider: 'x', model: 'y', inputTokens: 1, outputTokens: 0, table }).costUsdText).toBe(
      '0.00000013',
    );
    expect(priceOf({ provider: 'x', model: 'y', inputTokens: 2, outputTokens: 0, table }).costUsdText).toBe(
      '0.00000025',
    );
    const parts = Array.from({ length: 10 }, () => 0.1);
    expect(parts.reduce((sum, value) => sum + value, 0)).not.toBe(1);
    expect(sumUsd(parts)).toBe(1);
    expect(formatUsdUnits(usdToUnits(0.1) + usdToUnits(0.2))).toBe('0.30000000');
  });

  it('falls back from a dated id to its undated price', () => {
    const dated = priceOf({
      provider: 'openai',
      model: 'gpt-4o-mini-2024-07-18',
      inputTokens: 100,
      outputTokens: 0,
    });
    expect(dated).toMatchObject({ priced: true, priceKey: 'openai/gpt-4o-mini' });
    const claude = priceOf({
      provider: 'anthropic',
      model: 'claude-haiku-4-5-20251001',
      inputTokens: 1,
      outputTokens: 1,
    });
    expect(claude).toMatchObject({
      priced: true,
      priceKey: 'anthropic/claude-haiku-4-5',
      costUsdText: '0.00000600',
    });
  });

  it('leaves an unknown model unpriced at cost 0', () => {
    const quote = priceOf({
      provider: 'openai-compatible',
      model: 'ollama/llama3.1',
      inputTokens: 900,
      outputTokens: 100,
    });
    expect(quote).toEqual({
      costUsd: 0,
      costUsdText: '0.00000000',
      priced: false,
      version: bundledPriceTable.version,
      priceKey: null,
    });
  });

  it('takes a deployment override as an object', () => {
    const table = createPriceTable({
      override: {
        version: 'acme-2026-01',
        models: {
          'openai/gpt-4o-mini': { input_per_million: 0.1, output_per_million: 0.4 },
          'openai-compatible/ollama/llama3.1': { input_per_million: 0.01, output_per_million: 0.02 },
        },
      },
    });
    expect(table.version).toBe('acme-2026-01');
    expect(
      priceOf({
        provider: 'openai',
        model: 'gpt-4o-mini',
        inputTokens: 1_000_000,
        outputTokens: 1_000_000,
        table,
      }),
    ).toMatchObject({
      costUsd: 0.5,
      version: 'acme-2026-01',
    });
    const local = priceOf({
      provider: 'openai-compatible',
      model: 'ollama/llama3.1',
      inputTokens: 1_000_000,
      outputTokens: 0,
      table,
    });
    expect(local).toMatchObject({ priced: true, costUsd: 0.01 });
    expect(
      priceOf({ provider: 'openai', model: 'gpt-4o', inputTokens: 1_000_000, outputTokens: 0, table })
        .costUsd,
    ).toBe(2.5);
    const versionless = createPriceTable({ override: { models: {} } });
    expect(versionless.version).toBe(`${bundledPriceTable.version}+override`);
    const replaced = createPriceTable({ override: { version: 'only', models: {} }, replace: true });
    expect(
      priceOf({ provider: 'openai', model: 'gpt-4o', inputTokens: 1, outputTokens: 1, table: replaced })
        .priced,
    ).toBe(false);
    expect(() =>
      createPriceTable({ override: { models: { x: { input_per_million: -1, output_per_million: 0 } } } }),
    ).toThrow();
  });

  it('loads a deployment override from a file path', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'renum-prices-'));
    try {
      const path = join(directory, 'prices.json');
      await writeFile(
        path,
        JSON.stringify({
          version: 'file-v2',
          models: { 'anthropic/claude-haiku-4-5': { input_per_million: 2, output_per_million: 10 } },
        }),
      );
      const table = await loadPriceTable({ path });
      expect(table.version).toBe('file-v2');
      expect(
        priceOf({
          provider: 'anthropic',
          model: 'claude-haiku-4-5',
          inputTokens: 500_000,
          outputTokens: 0,
          table,
        }).costUsd,
      ).toBe(1);
      expect(table.models['openai/gpt-4o-mini']).toBeDefined();
      await writeFile(path, JSON.stringify({ models: { bad: { input_per_million: 'x' } } }));
      await expect(loadPriceTable({ path })).rejects.toThrow(/Invalid price table/);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});
