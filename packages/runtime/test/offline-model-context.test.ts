import { generateText } from 'ai';
import { describe, expect, it } from 'vitest';
import {
  CONTEXT_CLOSE_TAG,
  CONTEXT_OPEN_TAG,
  CONTEXT_SOURCE_PREFIX,
  createOfflineProvider,
  formatContextBlock,
  parseContextBlocks,
} from '../src/index.ts';

const offline = createOfflineProvider();

const passages = [
  { source: 'horario.md', text: 'Nosso escritório abre às 9h e fecha às 18h, de segunda a sexta-feira.' },
  {
    source: 'reembolso.md',
    text: 'Os reembolsos são processados em até 5 dias úteis após a solicitação aprovada.',
  },
  { source: 'entrega.md', text: 'A entrega é feita em até 10 dias úteis para todo o Brasil.' },
];

describe('context block convention', () => {
  it('formats passages under source lines and reads them back', () => {
    const block = formatContextBlock([
      { source: 'a.md]\nb', text: '  first\n\nstill first  ' },
      { source: 'c', text: 'x' },
    ]);
    expect(block).toBe(
      `${CONTEXT_OPEN_TAG}\n${CONTEXT_SOURCE_PREFIX}a.md b]\nfirst\n\nstill first\n\n[source: c]\nx\n${CONTEXT_CLOSE_TAG}`,
    );
    expect(parseContextBlocks(`intro\n${block}\noutro`)).toEqual([
      { source: 'a.md b', text: 'first\n\nstill first' },
      { source: 'c', text: 'x' },
    ]);
    expect(formatContextBlock([])).toBe('');
  });

  it('splits a block without source lines on blank lines', () => {
    expect(parseContextBlocks('<context>\none\n\ntwo\n</context> and <context>three')).toEqual([
      { source: 'context', text: 'one' },
      { source: 'context', text: 'two' },
      { source: 'context', text: 'three' },
    ]);
  });
});

describe('offline model answering from context', () => {
  const system = `Você é o assistente da loja.\n\n${formatContextBlock(passages)}`;

  it.each([
    ['Qual o prazo para o reembolso?', 'reembolso.md', 'Os reembolsos são processados'],
    ['A que horas o escritório abre?', 'horario.md', 'Nosso escritório abre às 9h'],
    ['Em quantos dias chega a entrega?', 'entrega.md', 'A entrega é feita'],
  ])('%j quotes %s', async (prompt, source, quote) => {
    const { text, providerMetadata } = await generateText({ model: offline(), system, prompt });
    expect(text.startsWith(`Segundo o contexto (fonte: ${source}): "${quote}`)).toBe(true);
    expect(providerMetadata?.offline?.kind).toBe('context');
  });

  it('answers in English and quotes the best sentence of a long passage', async () => {
    const filler = 'This sentence is about something else entirely. '.repeat(12);
    const long = `${filler}Refunds are processed within five business days. ${filler}`;
    const { text } = await generateText({
      model: offline(),
      system: formatContextBlock([
        { source: 'office.md', text: 'Our office opens at nine.' },
        { source: 'policy.pdf#p4', text: long },
      ]),
      prompt: 'How long do refunds take to be processed?',
    });
    expect(text).toBe(
      'According to the context (source: policy.pdf#p4): "Refunds are processed within five business days."',
    );
  });

  it('reads a context block carried in the user message', async () => {
    const { text } = await generateText({
      model: offline(),
      prompt: `${formatContextBlock(passages)}\n\nQual o prazo do reembolso?`,
    });
    expect(text).toContain('fonte: reembolso.md');
  });

  it('says so when no passage relates to the question', async () => {
    const { text } = await generateText({
      model: offline(),
      system,
      prompt: 'Vocês vendem bicicletas elétricas?',
    });
    expect(text).toBe('Não encontrei no contexto fornecido um trecho que responda a isso.');
  });
});
