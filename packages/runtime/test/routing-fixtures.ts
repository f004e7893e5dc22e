import type { RoutableSubAgent } from '../src/index.ts';

/** The demo agent's sub-agents (seed 003's "Cobrança" plus two more), with Portuguese and English topics. */
export const demoSubAgents: readonly RoutableSubAgent[] = [
  {
    id: 'cobranca',
    name: 'Cobrança',
    topics: [
      'pagamento',
      'cobrança',
      'fatura',
      'comissão',
      'dinheiro',
      'boleto',
      'segunda via',
      'payment',
      'invoice',
      'billing',
    ],
    isActive: true,
  },
  {
    id: 'suporte',
    name: 'Suporte Técnico',
    topics: ['suporte', 'erro', 'login', 'senha', 'acesso', 'bug', 'support', 'error', 'password'],
    isActive: true,
  },
  {
    id: 'vendas',
    name: 'Vendas',
    topics: ['preço', 'plano', 'comprar', 'desconto', 'price', 'plan', 'buy', 'discount'],
    isActive: true,
  },
  {
    id: 'juridico',
    name: 'Jurídico',
    topics: ['contrato', 'processo', 'advogado', 'contract', 'lawyer'],
    isActive: false,
  },
];
