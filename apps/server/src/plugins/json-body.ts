import { AppError } from '@renum/contracts';
import type { FastifyInstance } from 'fastify';

/** How deeply objects and arrays may nest in a JSON body; deeper is `400 VALIDATION_ERROR`. */
export const maxJsonDepth = 64;

const quote = 0x22;
const backslash = 0x5c;
const openBrace = 0x7b;
const openBracket = 0x5b;
const closeBrace = 0x7d;
const closeBracket = 0x5d;

/**
 * True when `text` opens more than `maxDepth` nested objects or arrays. One linear pass over the raw
 * text that skips strings (and their escapes), so it runs before `JSON.parse` and the code that walks
 * the parsed value can recurse without overflowing the stack. Malformed JSON is left to the parser.
 */
export function exceedsJsonDepth(text: string, maxDepth: number): boolean {
  let depth = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code === quote) {
      index = endOfString(text, index);
    } else if (code === openBrace || code === openBracket) {
      depth++;
      if (depth > maxDepth) return true;
    } else if (code === closeBrace || code === closeBracket) {
      depth--;
    }
  }
  return false;
}

/** Index of the quote that closes the string opened at `start` (the text's end when unterminated). */
function endOfString(text: string, start: number): number {
  let index = start + 1;
  while (index < text.length) {
    const next = text.indexOf('"', index);
    if (next === -1) return text.length;
    let backslashes = 0;
    while (text.charCodeAt(next - 1 - backslashes) === backslash) backslashes++;
    if (backslashes % 2 === 0) return next;
    index = next + 1;
  }
  return text.length;
}

/**
 * Replaces Fastify's JSON parser with the same parser (prototype-poisoning protection included) behind
 * two rules: an empty body means no body (several POST routes take an optional one), and a body nested
 * deeper than {@link maxJsonDepth} is refused before it is parsed.
 */
export function registerJsonBody(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = body.toString();
    if (text === '') return done(null, undefined);
    if (exceedsJsonDepth(text, maxJsonDepth)) {
      const message = `must not nest objects and arrays more than ${maxJsonDepth} levels deep`;
      return done(
        new AppError('VALIDATION_ERROR', `Invalid body: ${message}`, {
          context: { details: [{ field: 'body', message }], max_depth: maxJsonDepth },
        }),
        undefined,
      );
    }
    return parseJson(request, text, done);
  });
}
