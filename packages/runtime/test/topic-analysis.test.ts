import { generateText } from 'ai';
import { describe, expect, it } from 'vitest';
import {
  buildTopicAnalysisPrompt,
  collectActiveTopics,
  createOfflineProvider,
  matchTopics,
  parseTopicAnswer,
  readTopicAnalysisPrompt,
  TOPIC_ANALYSIS_HEADER,
} from '../src/index.ts';
import { demoSubAgents } from './routing-fixtures.ts';

describe('topic-analysis prompt', () => {
  it('asks for one keyword among the known topics, as seed 003 does', () => {
    const prompt = buildTopicAnalysisPrompt({
      message: 'Quanto vou receber?',
      topics: ['pagamento', 'erro', 'erro', ' '],
    });
    expect(prompt.startsWith(TOPIC_ANALYSIS_HEADER)).toBe(true);
    expect(prompt).toContain('Retorne apenas uma palavra-chave');
    expect(prompt).toContain('Tópicos conhecidos: pagamento, erro\n');
    expect(prompt).toContain('Mensagem: Quanto vou receber?');
    expect(prompt.endsWith('Tópico:')).toBe(true);
  });

  it('reads back its message and topics, even when the message contains the labels', () => {
    const message = 'linha 1\nTópico: falso\nMensagem: falsa';
    const prompt = buildTopicAnalysisPrompt({ message, topics: ['a', 'b c'] });
    expect(readTopicAnalysisPrompt(prompt)).toEqual({ message, topics: ['a', 'b c'] });
    expect(readTopicAnalysisPrompt('Qual é o tópico?')).toBeNull();
  });

  it('offers only the topics of active sub-agents', () => {
    const topics = collectActiveTopics(demoSubAgents);
    expect(topics).toContain('pagamento');
    expect(topics).not.toContain('contrato');
  });
});

describe('parseTopicAnswer', () => {
  it.each([
    ['pagamento', 'cobranca'],
    ['Tópico: Comissões.', 'cobranca'],
    ['  SENHA\n', 'suporte'],
    ['preco', 'vendas'],
    ['nenhum', null],
    ['contrato', null],
    ['', null],
  ])('%j → %s', (answer, expected) => {
    expect(parseTopicAnswer(answer, demoSubAgents)?.subAgent.id ?? null).toBe(expected);
  });
});

/** Messages the fast match misses but the offline model's topic analysis routes. */
const missedByFastMatch: ReadonlyArray<readonly [string, string | null]> = [
  ['Quanto vou receber este mês?', 'cobranca'],
  ['Já paguei ontem e ainda aparece em aberto', 'cobranca'],
  ['Meu reembolso ainda não caiu', 'cobranca'],
  ['Não consigo entrar na minha conta', 'suporte'],
  ['O aplicativo travou de novo', 'suporte'],
  ['The app crashed again', 'suporte'],
  ['Quanto custa a assinatura?', 'vendas'],
  ['How much does it cost?', 'vendas'],
  ['Vocês têm algum cupom?', 'vendas'],
  ['Bom dia, tudo bem?', null],
  ['Preciso revisar meu contrato', null],
];

describe('routing through the offline model', () => {
  const offline = createOfflineProvider();

  it.each(missedByFastMatch)('%j → %s', async (message, expected) => {
    expect(matchTopics({ message, subAgents: demoSubAgents })).toBeNull();
    const { text } = await generateText({
      model: offline('renum'),
      prompt: buildTopicAnalysisPrompt({ message, topics: collectActiveTopics(demoSubAgents) }),
    });
    expect(text.trim().split(/\s+/)).toHaveLength(1);
    expect(parseTopicAnswer(text, demoSubAgents)?.subAgent.id ?? null).toBe(expected);
  });

  it('answers with the topic the message names when there is one', async () => {
    const { text } = await generateText({
      model: offline('renum'),
      prompt: buildTopicAnalysisPrompt({
        message: 'Quanto vou receber de comissão?',
        topics: ['pagamento', 'comissão'],
      }),
    });
    expect(text).toBe('comissão');
  });
});
