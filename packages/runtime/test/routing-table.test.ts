import { describe, expect, it } from 'vitest';
import { matchTopics } from '../src/index.ts';
import { demoSubAgents } from './routing-fixtures.ts';

/** Message → expected sub-agent id, or null when the main agent must answer. */
const table: ReadonlyArray<readonly [string, string | null]> = [
  // Portuguese, billing
  ['Quanto vou receber de comissão?', 'cobranca'],
  ['Quero pagar minha fatura', 'cobranca'],
  ['Preciso da segunda via do boleto', 'cobranca'],
  ['cobranca indevida no meu cartao', 'cobranca'],
  ['Minhas FATURAS estão atrasadas', 'cobranca'],
  ['Onde vejo os pagamentos do mês?', 'cobranca'],
  ['Fui cobrado duas vezes', 'cobranca'],
  ['COMISSOES de março', 'cobranca'],
  // Portuguese, support
  ['Esqueci minha senha', 'suporte'],
  ['Não consigo fazer login', 'suporte'],
  ['O sistema deu erro ao salvar', 'suporte'],
  ['Encontrei um bug no aplicativo', 'suporte'],
  ['Estou sem acesso à plataforma', 'suporte'],
  ['Preciso de SUPORTE urgente', 'suporte'],
  ['erros constantes na tela inicial', 'suporte'],
  // Portuguese, sales
  ['Qual o preço do plano anual?', 'vendas'],
  ['Tem desconto para estudantes?', 'vendas'],
  ['Quero comprar mais licenças', 'vendas'],
  ['Quais planos vocês oferecem?', 'vendas'],
  ['precos e descontos', 'vendas'],
  // English
  ['I need help with my invoice', 'cobranca'],
  ['My PAYMENTS failed', 'cobranca'],
  ['Where can I see billing details?', 'cobranca'],
  ['I forgot my password', 'suporte'],
  ['There is an error on the login page', 'suporte'],
  ['What is the price of the pro plan?', 'vendas'],
  ['Do you offer discounts?', 'vendas'],
  ['I want to buy a license', 'vendas'],
  // Several sub-agents: the higher score wins, then the topic mentioned first
  ['Erro no login e na senha ao pagar a fatura', 'suporte'],
  ['O boleto deu erro', 'cobranca'],
  ['Erro ao gerar o boleto', 'suporte'],
  // No match: the main agent answers
  ['Bom dia, tudo bem?', null],
  ['Qual é o horário de funcionamento?', null],
  ['Vocês entregam em Curitiba?', null],
  ['Obrigado pela ajuda!', null],
  ['Hello there!', null],
  ['What are your opening hours?', null],
  ['Já paguei ontem', null],
  ['A via expressa está fechada', null],
  // Inactive sub-agents never match
  ['Preciso revisar meu contrato', null],
  ['Please ask your lawyer', null],
  ['', null],
];

describe('matchTopics routing table', () => {
  it('has at least 30 messages', () => {
    expect(table.length).toBeGreaterThanOrEqual(30);
  });

  it.each(table)('%j → %s', (message, expected) => {
    const match = matchTopics({ message, subAgents: demoSubAgents });
    expect(match?.subAgent.id ?? null).toBe(expected);
  });
});

describe('matchTopics', () => {
  it('reports the matched topics as configured and scores phrases by their length', () => {
    const match = matchTopics({ message: 'Segunda via da FATURA, por favor', subAgents: demoSubAgents });
    expect(match?.subAgent.name).toBe('Cobrança');
    expect(match?.matchedTopics).toEqual(['fatura', 'segunda via']);
    expect(match?.score).toBe(3);
  });

  it('returns the very object it was given', () => {
    const subAgents = [{ id: 'x', name: 'X', topics: ['boleto'], isActive: true, model: 'offline/renum' }];
    expect(matchTopics({ message: 'boletos', subAgents })?.subAgent).toBe(subAgents[0]);
  });

  it('breaks a full tie by list order', () => {
    const subAgents = [
      { id: 'first', name: 'First', topics: ['boleto'], isActive: true },
      { id: 'second', name: 'Second', topics: ['boleto'], isActive: true },
    ];
    expect(matchTopics({ message: 'boleto', subAgents })?.subAgent.id).toBe('first');
    expect(matchTopics({ message: 'boleto', subAgents: [...subAgents].reverse() })?.subAgent.id).toBe(
      'second',
    );
  });

  it('matches a multi-word topic only as a contiguous phrase', () => {
    const subAgents = [{ id: 'nf', name: 'Fiscal', topics: ['nota fiscal'], isActive: true }];
    expect(matchTopics({ message: 'Emitir NOTAS FISCAIS', subAgents })?.subAgent.id).toBe('nf');
    expect(matchTopics({ message: 'a nota do cliente e o setor fiscal', subAgents })).toBeNull();
  });
});
