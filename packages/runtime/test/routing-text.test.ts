import { describe, expect, it } from 'vitest';
import { normalizeText, stemText, stemWord, tokenizeText } from '../src/index.ts';

describe('normalizeText', () => {
  it('lower-cases, strips accents and punctuation, and collapses spaces', () => {
    expect(normalizeText('  Cobrança: FATURA!!  Comissão?  ')).toBe('cobranca fatura comissao');
    expect(normalizeText('Não consigo acessar à plataforma...')).toBe('nao consigo acessar a plataforma');
    expect(normalizeText('e-mail/login — ok')).toBe('e mail login ok');
    expect(normalizeText('')).toBe('');
    expect(tokenizeText('?!')).toEqual([]);
  });
});

describe('stemWord', () => {
  it.each([
    ['fatura', 'fatur'],
    ['faturas', 'fatur'],
    ['faturar', 'fatur'],
    ['pagamento', 'pag'],
    ['pagamentos', 'pag'],
    ['pagar', 'pag'],
    ['pago', 'pag'],
    ['cobrança', 'cobr'],
    ['cobrancas', 'cobr'],
    ['cobrado', 'cobr'],
    ['comissão', 'comissa'],
    ['comissões', 'comissa'],
    ['preço', 'prec'],
    ['preços', 'prec'],
    ['senhas', 'senh'],
    ['configuração', 'configur'],
    ['configurações', 'configur'],
    ['configurar', 'configur'],
    ['rapidamente', 'rapid'],
    ['payment', 'pay'],
    ['payments', 'pay'],
    ['paying', 'pay'],
    ['billing', 'bill'],
    ['bills', 'bill'],
    ['shipped', 'ship'],
    ['prices', 'pric'],
    ['pricing', 'pric'],
    ['companies', 'company'],
    ['status', 'status'],
    ['bug', 'bug'],
    ['mais', 'mais'],
  ])('%s → %s', (word, stem) => {
    expect(stemWord(word)).toBe(stem);
  });

  it('leaves irregular forms alone rather than guessing', () => {
    expect(stemWord('paid')).not.toBe(stemWord('pay'));
    expect(stemWord('paguei')).not.toBe(stemWord('pagar'));
  });

  it('stems every word of a text in order', () => {
    expect(stemText('Minhas FATURAS atrasadas')).toEqual(['minh', 'fatur', 'atras']);
  });
});
