export { bm25Idf, bm25Parameters, bm25TermScore } from './bm25.ts';
export { type ChunkingOptions, chunkDocument, type DocumentChunk } from './chunk-document.ts';
export type { DocumentBlock, ParsedDocument } from './document-block.ts';
export {
  type DocumentFormat,
  decodeText,
  documentFormats,
  documentMimeTypes,
  sniffDocumentFormat,
} from './document-format.ts';
export { DocumentParseError, type DocumentParseReason } from './document-parse-error.ts';
export { estimateTokens } from './estimate-tokens.ts';
export {
  type LexicalAnalyzer,
  lexicalAnalyzers,
  lexicalTerms,
  type SearchLanguage,
  searchLanguages,
  termFrequencies,
} from './lexical-terms.ts';
export { jaccard, type MmrCandidate, maximalMarginalRelevance } from './maximal-marginal-relevance.ts';
export { parseDocument } from './parse-document.ts';
export { type FusedResult, type RankedList, reciprocalRankFusion } from './reciprocal-rank-fusion.ts';
