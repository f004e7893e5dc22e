/** Tokenizer encodings the offline model can count with: GPT-4o's (`o200k_base`) or GPT-4's (`cl100k_base`). */
export type OfflineTokenEncoding = 'o200k_base' | 'cl100k_base';

/** Counts and truncates text in tokens of one encoding. */
export interface TokenCounter {
  /** The encoding in use. */
  readonly encoding: OfflineTokenEncoding;
  /** Number of tokens in `text`; special-token markers such as `<|endoftext|>` count as plain text. */
  count(text: string): number;
  /** The longest prefix of `text` that fits in `maxTokens` tokens. */
  truncate(text: string, maxTokens: number): string;
}

interface EncodingModule {
  encode(text: string, options?: { disallowedSpecial?: Set<string> }): number[];
  decode(tokens: Iterable<number>): string;
}

const loaded = new Map<OfflineTokenEncoding, Promise<TokenCounter>>();

async function importEncoding(encoding: OfflineTokenEncoding): Promise<EncodingModule> {
  // Each encoding's table is megabytes; import only the one asked for, on first use.
  return encoding === 'cl100k_base'
    ? await import('gpt-tokenizer/encoding/cl100k_base')
    : await import('gpt-tokenizer/encoding/o200k_base');
}

async function createTokenCounter(encoding: OfflineTokenEncoding): Promise<TokenCounter> {
  const module = await importEncoding(encoding);
  const asText = { disallowedSpecial: new Set<string>() };
  return {
    encoding,
    count: (text) => module.encode(text, asText).length,
    truncate: (text, maxTokens) => {
      const tokens = module.encode(text, asText);
      return tokens.length <= maxTokens ? text : module.decode(tokens.slice(0, Math.max(0, maxTokens)));
    },
  };
}

/**
 * Loads (once per process and encoding) a {@link TokenCounter} backed by `gpt-tokenizer`, the real BPE
 * tokenizer of OpenAI models, so the offline model reports usage as a hosted model would.
 */
export function loadTokenCounter(encoding: OfflineTokenEncoding = 'o200k_base'): Promise<TokenCounter> {
  let counter = loaded.get(encoding);
  if (counter === undefined) {
    counter = createTokenCounter(encoding);
    loaded.set(encoding, counter);
    // A failed import must not be cached for the life of the process.
    counter.catch(() => loaded.delete(encoding));
  }
  return counter;
}
