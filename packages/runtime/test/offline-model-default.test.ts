import { createProviderRegistry, generateText, NoSuchModelError, streamText } from 'ai';
import { describe, expect, it } from 'vitest';
import {
  createOfflineProvider,
  OFFLINE_MODEL_ID,
  OFFLINE_PROVIDER_ID,
  OfflineLanguageModel,
} from '../src/index.ts';

describe('offline model default answer', () => {
  const offline = createOfflineProvider();

  it('says it is the offline model, in Portuguese, and echoes the message', async () => {
    const { text, providerMetadata } = await generateText({
      model: offline(),
      prompt: 'Olá! Preciso de ajuda com o meu pedido de cadeiras.',
    });
    expect(text).toBe(
      'Sou o modelo offline do Renum: respondo sem provedor de IA e sem rede, de forma determinística. ' +
        'Entendi sua mensagem como: "Olá! Preciso de ajuda com o meu pedido de cadeiras." ' +
        '(palavras-chave: ajuda, pedido, cadeiras). Para respostas completas, configure um provedor de modelo.',
    );
    expect(providerMetadata?.offline?.kind).toBe('default');
  });

  it('answers in English to an English message', async () => {
    const { text } = await generateText({
      model: offline(),
      prompt: 'Hello, can you help me with my order?',
    });
    expect(text).toContain("I am Renum's offline model");
    expect(text).toContain(
      'I understood your message as: "Hello, can you help me with my order?" (keywords: help, order)',
    );
  });

  it('reads the last user message of a conversation', async () => {
    const { text } = await generateText({
      model: offline(),
      messages: [
        { role: 'user', content: 'Oi' },
        { role: 'assistant', content: 'Olá!' },
        { role: 'user', content: 'What can you do?' },
      ],
    });
    expect(text).toContain('"What can you do?"');
  });

  it('is deterministic: the same prompt gives the same answer, streamed or not', async () => {
    const prompt = 'Tell me about your plans for next year';
    const first = await generateText({ model: offline(), prompt });
    const second = await generateText({ model: offline(), prompt });
    const streamed = streamText({ model: offline(), prompt });
    expect(second.text).toBe(first.text);
    expect(await streamed.text).toBe(first.text);
    expect(second.usage).toEqual(first.usage);
  });

  it('warns that structured output is not supported', async () => {
    const { warnings, content } = await new OfflineLanguageModel().doGenerate({
      prompt: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
      responseFormat: { type: 'json' },
    });
    expect(warnings).toEqual([expect.objectContaining({ type: 'unsupported', feature: 'responseFormat' })]);
    expect(content[0]?.type).toBe('text');
  });
});

describe('offline provider', () => {
  it('serves the renum language model under the offline provider id', () => {
    const offline = createOfflineProvider();
    const model = offline();
    expect(model).toBeInstanceOf(OfflineLanguageModel);
    expect(model.specificationVersion).toBe('v4');
    expect(model.provider).toBe(OFFLINE_PROVIDER_ID);
    expect(model.modelId).toBe(OFFLINE_MODEL_ID);
    expect(offline.languageModel('renum').modelId).toBe('renum');
    expect(offline.specificationVersion).toBe('v4');
  });

  it('rejects other models', () => {
    const offline = createOfflineProvider();
    expect(() => offline.languageModel('gpt-4o')).toThrowError(NoSuchModelError);
    expect(() => offline.embeddingModel('renum')).toThrowError(NoSuchModelError);
    expect(() => offline.imageModel('renum')).toThrowError(NoSuchModelError);
  });

  it('works through an AI SDK provider registry like any provider', async () => {
    const registry = createProviderRegistry({ offline: createOfflineProvider() }, { separator: '/' });
    const { text, response } = await generateText({
      model: registry.languageModel('offline/renum'),
      prompt: 'Hi',
    });
    expect(text).toContain('offline model');
    expect(response.modelId).toBe('renum');
  });

  it('stamps responses with the injected clock and ids', async () => {
    let counter = 0;
    const offline = createOfflineProvider({
      now: () => new Date('2025-01-01T00:00:00Z'),
      generateId: () => `id${++counter}`,
    });
    const { response } = await generateText({ model: offline(), prompt: 'Hi' });
    expect(response.timestamp.toISOString()).toBe('2025-01-01T00:00:00.000Z');
    expect(response.id).toBe('offline-id1');
  });
});
