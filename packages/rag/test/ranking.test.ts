import { describe, expect, it } from 'vitest';
import {
  bm25Idf,
  bm25TermScore,
  lexicalTerms,
  maximalMarginalRelevance,
  reciprocalRankFusion,
} from '../src/index.ts';

describe('lexicalTerms', () => {
  it('folds case and accents and drops the language stop words', () => {
    expect(lexicalTerms('Qual é a POLÍTICA de reembolso?', 'portuguese', 'words')).toEqual([
      'politica',
      'reembolso',
    ]);
    expect(lexicalTerms('What is the refund policy?', 'english', 'words')).toEqual(['refund', 'policy']);
    expect(lexicalTerms('the a', 'simple')).toEqual(['the', 'a']);
  });

  it('stems each word in the base language, after folding accents, unless the base keeps whole words', () => {
    expect(lexicalTerms('Which models were modelled?', 'english')).toEqual(['model', 'were', 'model']);
    expect(lexicalTerms('Which models were modelled?', 'english', 'words')).toEqual([
      'models',
      'were',
      'modelled',
    ]);
    // Accents folded first, so a question typed without them meets the text that has them.
    expect(lexicalTerms('As bacias e as ações', 'portuguese')).toEqual(
      lexicalTerms('bacia acoes', 'portuguese'),
    );
    expect(lexicalTerms('bacias', 'portuguese', 'words')).toEqual(['bacias']);
    expect(lexicalTerms('models running', 'simple')).toEqual(['models', 'running']);
  });
});

describe('bm25', () => {
  it('scores rarer terms and shorter chunks higher (k1 0.9, b 0.4)', () => {
    const rare = bm25Idf({ chunkCount: 100, documentFrequency: 1 });
    const common = bm25Idf({ chunkCount: 100, documentFrequency: 90 });
    expect(rare).toBeCloseTo(Math.log(1 + 99.5 / 1.5), 10);
    expect(common).toBeGreaterThan(0);
    expect(rare).toBeGreaterThan(common);
    const short = bm25TermScore({ idf: 1, frequency: 1, length: 50, averageLength: 100 });
    const long = bm25TermScore({ idf: 1, frequency: 1, length: 200, averageLength: 100 });
    expect(short).toBeCloseTo(1.9 / (1 + 0.9 * (0.6 + 0.4 * 0.5)), 10);
    expect(short).toBeGreaterThan(long);
  });
});

describe('reciprocalRankFusion', () => {
  it('sums 1/(k+rank) over the lists and records each rank', () => {
    const fused = reciprocalRankFusion({
      lists: [
        { name: 'lexical', ids: ['a', 'b', 'c'] },
        { name: 'vector', ids: ['c', 'a'] },
      ],
    });
    expect(fused.map((entry) => entry.id)).toEqual(['a', 'c', 'b']);
    expect(fused[0]).toEqual({ id: 'a', score: 1 / 61 + 1 / 62, ranks: { lexical: 1, vector: 2 } });
    expect(fused[2]?.ranks).toEqual({ lexical: 2 });
  });

  it('adds a prior that can move an id down (disliked) and back (reverted)', () => {
    const lists = [{ name: 'lexical', ids: ['a', 'b'] }];
    expect(reciprocalRankFusion({ lists, prior: (id) => (id === 'a' ? -0.01 : 0) })[0]?.id).toBe('b');
    expect(reciprocalRankFusion({ lists, prior: () => 0 })[0]?.id).toBe('a');
  });
});

describe('maximalMarginalRelevance', () => {
  it('passes over a near-duplicate for the next distinct passage', () => {
    const terms = (text: string) => new Set(text.split(' '));
    const picked = maximalMarginalRelevance({
      candidates: [
        { item: 'first', relevance: 1, terms: terms('refund within 30 days of purchase') },
        { item: 'duplicate', relevance: 0.99, terms: terms('refund within 30 days of purchase') },
        { item: 'distinct', relevance: 0.8, terms: terms('shipping takes two business days') },
      ],
      limit: 2,
    });
    expect(picked).toEqual(['first', 'distinct']);
  });

  it('with nearDuplicate, keeps distinct passages in their order and still passes over a near-duplicate', () => {
    const terms = (text: string) => new Set(text.split(' '));
    const candidates = [
      { item: 'first', relevance: 1, terms: terms('refund within 30 days of purchase') },
      // Shares a few words with the first (Jaccard 0.25): classic MMR pushes it below the unrelated third.
      { item: 'related', relevance: 0.98, terms: terms('refund the shipping cost within 10 days') },
      { item: 'unrelated', relevance: 0.97, terms: terms('our stores open on sundays') },
      { item: 'duplicate', relevance: 0.96, terms: terms('refund within 30 days of purchase') },
    ];
    expect(maximalMarginalRelevance({ candidates, limit: 3, lambda: 0.7 })).toEqual([
      'first',
      'unrelated',
      'related',
    ]);
    expect(maximalMarginalRelevance({ candidates, limit: 3, lambda: 0.7, nearDuplicate: 0.5 })).toEqual([
      'first',
      'related',
      'unrelated',
    ]);
  });
});
