/**
 * Splits `text` into chunks of `wordsPerChunk` words, each word keeping the whitespace that follows it,
 * so the chunks concatenate back to exactly `text`. An empty text gives no chunks.
 */
export function splitIntoChunks(text: string, wordsPerChunk: number): string[] {
  if (text === '') return [];
  const pieces = text.split(/(?<=\s)(?=\S)/);
  const size = Math.max(1, Math.floor(wordsPerChunk));
  const chunks: string[] = [];
  for (let start = 0; start < pieces.length; start += size)
    chunks.push(pieces.slice(start, start + size).join(''));
  return chunks;
}
