import { normalizeText } from '../../routing/normalize-text.ts';
import { stemWord } from '../../routing/stem-word.ts';

/**
 * The offline model's world knowledge for topic analysis: small groups of Portuguese and English words
 * that belong to one business concept. A message word and a topic in the same group are related even
 * when they share no stem ("receber" and "pagamento", "entrar" and "login"). Kept short on purpose.
 */
const conceptGroups: readonly (readonly string[])[] = [
  // Money owed or received: billing, payments, commissions.
  [
    'pagamento',
    'pagar',
    'paguei',
    'pago',
    'pagou',
    'cobrança',
    'cobrar',
    'fatura',
    'boleto',
    'dinheiro',
    'comissão',
    'receber',
    'recebi',
    'reembolso',
    'estorno',
    'pix',
    'cartão',
    'débito',
    'saldo',
    'mensalidade',
    'vencimento',
    'venceu',
    'vencido',
    'atrasado',
    'multa',
    'juros',
    'salário',
    'repasse',
    'payment',
    'pay',
    'paid',
    'invoice',
    'bill',
    'billing',
    'charge',
    'refund',
    'money',
    'commission',
    'balance',
    'due',
    'overdue',
    'receipt',
    'fee',
    'fees',
  ],
  // Access and technical problems.
  [
    'suporte',
    'erro',
    'bug',
    'falha',
    'problema',
    'defeito',
    'travou',
    'travando',
    'caiu',
    'lento',
    'quebrado',
    'funciona',
    'login',
    'logar',
    'entrar',
    'acesso',
    'acessar',
    'senha',
    'bloqueado',
    'bloqueada',
    'usuário',
    'autenticação',
    'aplicativo',
    'sistema',
    'support',
    'error',
    'failure',
    'problem',
    'issue',
    'crash',
    'crashed',
    'broken',
    'slow',
    'password',
    'access',
    'locked',
    'app',
    'website',
  ],
  // Buying: prices, plans, discounts.
  [
    'preço',
    'valor',
    'custa',
    'custo',
    'plano',
    'assinatura',
    'assinar',
    'comprar',
    'desconto',
    'promoção',
    'cupom',
    'oferta',
    'orçamento',
    'proposta',
    'licença',
    'price',
    'pricing',
    'cost',
    'plan',
    'subscription',
    'subscribe',
    'buy',
    'purchase',
    'discount',
    'coupon',
    'offer',
    'quote',
    'deal',
    'license',
  ],
];

let stemmedGroups: ReadonlyArray<ReadonlySet<string>> | undefined;

function groups(): ReadonlyArray<ReadonlySet<string>> {
  stemmedGroups ??= conceptGroups.map((group) => new Set(group.map((word) => stemWord(normalizeText(word)))));
  return stemmedGroups;
}

/** Indexes of the concept groups that contain the stem. */
export function conceptsOfStem(stem: string): number[] {
  return groups().flatMap((group, index) => (group.has(stem) ? [index] : []));
}
