import { generateText, streamText } from 'ai';
import { encode as encodeCl100k } from 'gpt-tokenizer/encoding/cl100k_base';
import { encode as encodeO200k } from 'gpt-tokenizer/encoding/o200k_base';
import { describe, expect, it } from 'vitest';
import { createOfflineProvider, OfflineLanguageModel } from '../src/index.ts';

const system = 'You are helpful.';
const prompt = 'Can you tell me what Renum does for companies that run agents?';

describe('offline model streaming', () => {
  it('streams word groups in order that concatenate to the full answer', async () => {
    const offline = createOfflineProvider({ wordsPerChunk: 2 });
    const result = streamText({ model: offline(), system, prompt });
    const types: string[] = [];
    const deltas: string[] = [];
    for await (const part of result.fullStream) {
      types.push(part.type);
      if (part.type === 'text-delta') deltas.push(part.text);
    }
    const text = await result.text;
    expect(deltas.length).toBeGreaterThan(5);
    expect(deltas.join('')).toBe(text);
    for (const delta of deltas) expect(delta.trim().split(/\s+/).length).toBeLessThanOrEqual(2);
    const body = types.filter((type) => type.startsWith('text'));
    expect(body[0]).toBe('text-start');
    expect(body.at(-1)).toBe('text-end');
    expect(types.indexOf('finish')).toBe(types.length - 1);
    const generated = await generateText({ model: offline(), system, prompt });
    expect(generated.text).toBe(text);
  });

  it('reports usage counted with the real tokenizer', async () => {
    const result = streamText({ model: createOfflineProvider()(), system, prompt });
    const text = await result.text;
    const usage = await result.usage;
    expect(usage.inputTokens).toBe(encodeO200k(`system: ${system}\nuser: ${prompt}`).length);
    expect(usage.outputTokens).toBe(encodeO200k(text).length);
    expect(usage.totalTokens).toBe((usage.inputTokens ?? 0) + (usage.outputTokens ?? 0));
  });

  it('can count with cl100k_base instead', async () => {
    const { text, usage } = await generateText({
      model: createOfflineProvider({ encoding: 'cl100k_base' })(),
      system,
      prompt,
    });
    expect(usage.inputTokens).toBe(encodeCl100k(`system: ${system}\nuser: ${prompt}`).length);
    expect(usage.outputTokens).toBe(encodeCl100k(text).length);
  });

  it('waits the configured delay before each chunk', async () => {
    const offline = createOfflineProvider({ chunkDelayMs: 20, wordsPerChunk: 10 });
    const started = performance.now();
    const result = streamText({ model: offline(), prompt: 'Hello' });
    let chunks = 0;
    for await (const part of result.textStream) chunks += part === '' ? 0 : 1;
    expect(chunks).toBeGreaterThanOrEqual(2);
    expect(performance.now() - started).toBeGreaterThanOrEqual(chunks * 20 - 5);
  });

  it('stops streaming as soon as the abort signal fires', async () => {
    const offline = createOfflineProvider({ chunkDelayMs: 10_000, wordsPerChunk: 1 });
    const controller = new AbortController();
    const started = performance.now();
    const result = streamText({
      model: offline(),
      prompt: 'Tell me everything',
      abortSignal: controller.signal,
    });
    const types: string[] = [];
    setTimeout(() => controller.abort(), 50);
    for await (const part of result.fullStream) types.push(part.type);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(types).toContain('abort');
    expect(types).not.toContain('text-delta');
  });

  it('errors its own stream with the abort reason mid-answer', async () => {
    const model = new OfflineLanguageModel({ wordsPerChunk: 1 });
    const controller = new AbortController();
    const { stream } = await model.doStream({
      prompt: [{ role: 'user', content: [{ type: 'text', text: 'one two three four five six' }] }],
      abortSignal: controller.signal,
    });
    const reader = stream.getReader();
    const seen: string[] = [];
    const reason = new Error('stopped by the user');
    await expect(async () => {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        seen.push(value.type);
        if (seen.filter((type) => type === 'text-delta').length === 2) controller.abort(reason);
      }
    }).rejects.toBe(reason);
    expect(seen.filter((type) => type === 'text-delta')).toHaveLength(2);
    expect(seen).not.toContain('finish');
  });

  it('refuses to start when already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const result = streamText({
      model: createOfflineProvider()(),
      prompt: 'Hi',
      abortSignal: controller.signal,
    });
    const types: string[] = [];
    for await (const part of result.fullStream) types.push(part.type);
    expect(types).not.toContain('text-delta');
  });

  it('stops at maxOutputTokens with finish reason length', async () => {
    const { text, usage, finishReason } = await generateText({
      model: createOfflineProvider()(),
      prompt,
      maxOutputTokens: 7,
    });
    expect(finishReason).toBe('length');
    expect(usage.outputTokens).toBe(7);
    expect(encodeO200k(text).length).toBeLessThanOrEqual(7);
  });
});
