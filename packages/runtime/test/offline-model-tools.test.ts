import { generateText, jsonSchema, stepCountIs, streamText, type ToolSet, tool } from 'ai';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createBuiltinTools, createOfflineProvider, defineTool, toAiSdkTools } from '../src/index.ts';

const offline = createOfflineProvider();
const now = () => new Date('2025-03-01T12:34:56Z');
const builtins = toAiSdkTools(createBuiltinTools({ now }));

const searchResults = [
  { title: 'Energia solar no Brasil', url: 'https://example.com/solar', content: '...' },
  { title: 'Painéis fotovoltaicos', url: 'https://example.com/paineis', content: '...' },
];
const webSearch = defineTool({
  name: 'web_search',
  description: 'Searches the web',
  inputSchema: z.object({ query: z.string() }),
  execute: () => ({ results: searchResults }),
});
const remember = defineTool({
  name: 'remember',
  description: 'Stores a fact about the contact',
  inputSchema: z.object({ fact: z.string() }),
  execute: ({ fact }) => ({ stored: true, fact }),
});
const webScrape = defineTool({
  name: 'web_scrape',
  description: 'Reads a page',
  inputSchema: z.object({ url: z.string() }),
  execute: ({ url }) => ({ url, markdown: '# Example Domain\nThis domain is for use in examples.' }),
});
const allTools: ToolSet = { ...builtins, ...toAiSdkTools([webSearch, remember, webScrape]) };

async function run(prompt: string, tools: ToolSet = allTools) {
  return generateText({ model: offline(), tools, stopWhen: stepCountIs(4), prompt });
}

describe('offline model tool calls', () => {
  it('round-trips the calculator through streamText and says the right number', async () => {
    const result = streamText({
      model: offline(),
      tools: builtins,
      stopWhen: stepCountIs(3),
      prompt: 'Calcule (12 + 8) * 2,5 por favor',
    });
    const types: string[] = [];
    for await (const part of result.fullStream) types.push(part.type);
    expect(types).toContain('tool-call');
    expect(types).toContain('tool-result');
    const steps = await result.steps;
    expect(steps[0]?.toolCalls[0]).toMatchObject({
      toolName: 'calculator',
      input: { expression: '(12 + 8) * 2.5' },
    });
    expect(steps[0]?.finishReason).toBe('tool-calls');
    expect(steps[0]?.toolResults[0]?.output).toEqual({ expression: '(12 + 8) * 2.5', result: 50 });
    expect(await result.text).toBe('O resultado de (12 + 8) * 2.5 é 50.');
  });

  it.each([
    ['What is 15% of 80?', '15 / 100 * 80', '12'],
    ['Please calculate 2 ^ 10', '2 ^ 10', '1024'],
    ['quanto é 7 vezes 6?', '7 * 6', '42'],
    ['How much is 1,250 + 750?', '1250 + 750', '2000'],
  ])('calculates %j', async (prompt, expression, value) => {
    const { steps, text } = await run(prompt);
    expect(steps[0]?.toolCalls[0]?.input).toEqual({ expression });
    expect(text).toContain(value);
  });

  it('summarises a failing tool with its error', async () => {
    const { text } = await run('Calcule 1 / 0');
    expect(text).toMatch(/^A ferramenta calculator falhou: .*Division by zero at position 2$/);
  });

  it('asks the clock with the zone the message names', async () => {
    const { steps, text } = await run('Que horas são em São Paulo?');
    expect(steps[0]?.toolCalls[0]).toMatchObject({
      toolName: 'current_time',
      input: { timezone: 'America/Sao_Paulo' },
    });
    expect(text).toBe('Agora são 09:34:56 de 2025-03-01 (America/Sao_Paulo).');
    const english = await run('What time is it?');
    expect(english.steps[0]?.toolCalls[0]?.input).toEqual({});
    expect(english.text).toBe('It is now 12:34:56 on 2025-03-01 (UTC).');
  });

  it('searches with the query parsed from the message and lists the results', async () => {
    const { steps, text } = await run('Pesquise sobre energia solar no Brasil');
    expect(steps[0]?.toolCalls[0]).toMatchObject({
      toolName: 'web_search',
      input: { query: 'energia solar no Brasil' },
    });
    expect(text).toContain('Encontrei 2 resultado(s):');
    expect(text).toContain('1. Energia solar no Brasil (https://example.com/solar)');
    const english = await run('Search the web for Renum agents platform.');
    expect(english.steps[0]?.toolCalls[0]?.input).toEqual({ query: 'Renum agents platform' });
  });

  it('remembers the fact after "lembre que" / "remember that"', async () => {
    const { steps, text } = await run('Lembre que meu time favorito é o Grêmio');
    expect(steps[0]?.toolCalls[0]).toMatchObject({
      toolName: 'remember',
      input: { fact: 'meu time favorito é o Grêmio' },
    });
    expect(text).toBe('Anotado, vou lembrar: meu time favorito é o Grêmio.');
    const english = await run('Please remember that I prefer email.');
    expect(english.steps[0]?.toolCalls[0]?.input).toEqual({ fact: 'I prefer email' });
  });

  it('scrapes the URL it is asked to extract', async () => {
    const { steps, text } = await run('Extraia o conteúdo de https://example.com/page.');
    expect(steps[0]?.toolCalls[0]).toMatchObject({
      toolName: 'web_scrape',
      input: { url: 'https://example.com/page' },
    });
    expect(text).toContain('Conteúdo extraído de https://example.com/page: # Example Domain');
  });

  it('calls only tools that are offered, and none when tool choice is none', async () => {
    const onlyCalculator = await run('Pesquise sobre energia solar', builtins);
    expect(onlyCalculator.steps[0]?.toolCalls).toEqual([]);
    expect(onlyCalculator.text).toContain('modelo offline');
    const noTools = await generateText({ model: offline(), prompt: 'Calcule 2 + 2' });
    expect(noTools.text).toContain('modelo offline');
    const none = await generateText({
      model: offline(),
      tools: builtins,
      toolChoice: 'none',
      prompt: 'Calcule 2 + 2',
    });
    expect(none.steps[0]?.toolCalls).toEqual([]);
  });

  it('does not call a tool for a message that merely mentions its words', async () => {
    for (const prompt of [
      'Do you remember my name?',
      'Quanto é o frete?',
      'I had a great time yesterday',
      'What is happening on 2025-03-01?',
      'Calcule o frete para 01/03/2025',
    ]) {
      const { steps } = await run(prompt);
      expect(steps[0]?.toolCalls).toEqual([]);
    }
  });

  it('fits its arguments to the tool schema', async () => {
    const execute = async (input: unknown) => ({ results: [{ title: JSON.stringify(input) }] });
    const withQ = {
      search: tool({ description: 'search', inputSchema: z.object({ q: z.string() }), execute }),
    };
    const called = await run('busque preços de painéis', withQ);
    expect(called.steps[0]?.toolCalls[0]).toMatchObject({
      toolName: 'search',
      input: { q: 'preços de painéis' },
    });

    const strictSchema = jsonSchema<{ query: string; country: string }>({
      type: 'object',
      properties: { query: { type: 'string' }, country: { type: 'string' } },
      required: ['query', 'country'],
      additionalProperties: false,
    });
    const unfillable = { web_search: tool({ description: 'search', inputSchema: strictSchema, execute }) };
    expect((await run('pesquise painéis', unfillable)).steps[0]?.toolCalls).toEqual([]);

    const withDefault = jsonSchema<{ query: string; country: string }>({
      type: 'object',
      properties: { query: { type: 'string' }, country: { type: 'string', default: 'BR' } },
      required: ['query', 'country'],
    });
    const fillable = { web_search: tool({ description: 'search', inputSchema: withDefault, execute }) };
    const defaulted = await run('pesquise painéis', fillable);
    expect(defaulted.steps[0]?.toolCalls[0]?.input).toEqual({ query: 'painéis', country: 'BR' });
  });

  it('hands the whole message to a forced tool when no request is recognised', async () => {
    const { steps } = await generateText({
      model: offline(),
      tools: allTools,
      toolChoice: { type: 'tool', toolName: 'web_search' },
      stopWhen: stepCountIs(1),
      prompt: 'energia solar',
    });
    expect(steps[0]?.toolCalls[0]).toMatchObject({
      toolName: 'web_search',
      input: { query: 'energia solar' },
    });
  });

  it('maps intents to other tool names when configured', async () => {
    const custom = createOfflineProvider({ toolNames: { calculator: ['math'] } });
    const math = toAiSdkTools([{ ...createBuiltinTools()[0]!, name: 'math' }]);
    const { steps, text } = await generateText({
      model: custom(),
      tools: math,
      stopWhen: stepCountIs(3),
      prompt: 'calculate 3 * 3',
    });
    expect(steps[0]?.toolCalls[0]?.toolName).toBe('math');
    expect(text).toContain('9');
  });

  it('passes the scope and call id to the definition', async () => {
    const seen: unknown[] = [];
    const probe = defineTool({
      name: 'calculator',
      description: 'probe',
      inputSchema: z.object({ expression: z.string() }),
      execute: (input, context) => {
        seen.push({ input, clientId: context.clientId, hasCallId: context.toolCallId.length > 0 });
        return { expression: input.expression, result: 1 };
      },
    });
    await generateText({
      model: offline(),
      tools: toAiSdkTools([probe], { scope: { clientId: 'client-1' } }),
      stopWhen: stepCountIs(2),
      prompt: 'calculate 1 * 1',
    });
    expect(seen).toEqual([{ input: { expression: '1 * 1' }, clientId: 'client-1', hasCallId: true }]);
    expect(() => toAiSdkTools([probe, probe])).toThrowError('Duplicate tool name "calculator"');
  });
});
