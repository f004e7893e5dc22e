import { describe, expect, it } from 'vitest';
import { pickChunks, type RetrievalCandidates } from '../src/knowledge/retrieve-chunks.ts';

/** Five distinct candidates, fused in the order a, b, c, d, e. */
function candidates(priors: Record<string, number> = {}): RetrievalCandidates {
  const ids = ['a', 'b', 'c', 'd', 'e'];
  const rows = new Map(
    ids.map((id, index) => [
      id,
      {
        chunk_id: id,
        document_id: `doc-${id}`,
        knowledge_base_id: 'kb',
        title: `Document ${id}`,
        text: `passage ${id} about topic number ${index} with words unique${id}`,
        heading_path: [],
        page: null,
        position: index,
        score: 10 - index,
      },
    ]),
  );
  return {
    topK: 3,
    fused: ids.map((id, index) => ({ id, score: 1 / (61 + index) + (priors[id] ?? 0) })),
    rows,
    lexicalScores: new Map(ids.map((id, index) => [id, 10 - index])),
    vectorScores: new Map(),
    priors: new Map(Object.entries(priors)),
  };
}

describe('pickChunks', () => {
  it('keeps the fused order without a reranker', () => {
    expect(pickChunks(candidates()).map((hit) => hit.chunkId)).toEqual(['a', 'b', 'c']);
  });

  it("orders by the reranker's scores, and reports them", () => {
    const rerank = new Map([
      ['a', 0.1],
      ['b', 0.2],
      ['c', 0.3],
      ['d', 0.9],
      ['e', 0.05],
    ]);
    const picked = pickChunks(candidates(), rerank);
    expect(picked.map((hit) => hit.chunkId)).toEqual(['d', 'c', 'b']);
    expect(picked.map((hit) => hit.rerankScore)).toEqual([0.9, 0.3, 0.2]);
  });

  it('still demotes a disliked chunk after the rerank (its feedback prior is added to its reranked rank)', () => {
    const rerank = new Map([
      ['a', 0.1],
      ['b', 0.2],
      ['c', 0.3],
      ['d', 0.9],
      ['e', 0.05],
    ]);
    const picked = pickChunks(candidates({ d: -0.012 }), rerank);
    expect(picked.map((hit) => hit.chunkId)).toEqual(['c', 'b', 'a']);
    expect(picked.find((hit) => hit.chunkId === 'd')).toBeUndefined();
  });
});
