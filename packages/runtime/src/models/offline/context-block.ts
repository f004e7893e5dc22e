/** Opens the block of retrieved passages inside a system message. */
export const CONTEXT_OPEN_TAG = '<context>';

/** Closes the block of retrieved passages. */
export const CONTEXT_CLOSE_TAG = '</context>';

/** Starts the header line of each passage inside the block: `[source: <name>]`. */
export const CONTEXT_SOURCE_PREFIX = '[source: ';

/** Ends the header line of each passage. */
export const CONTEXT_SOURCE_SUFFIX = ']';

/** One retrieved passage and where it came from. */
export interface ContextPassage {
  /** Document name or reference shown to people, e.g. `manual.pdf#p3`; one line, no `]`. */
  readonly source: string;
  /** The passage text. */
  readonly text: string;
}

function cleanSource(source: string): string {
  return source.replace(/[\r\n\]]+/g, ' ').trim() || 'unknown';
}

/**
 * Formats retrieved passages as the context block every model receives (and the offline model answers
 * from): `<context>`, then per passage a `[source: name]` line followed by its text, then `</context>`.
 * Put it in a system message. Returns an empty string for no passages, so callers can always append it.
 */
export function formatContextBlock(passages: readonly ContextPassage[]): string {
  if (passages.length === 0) return '';
  const body = passages
    .map(
      (passage) =>
        `${CONTEXT_SOURCE_PREFIX}${cleanSource(passage.source)}${CONTEXT_SOURCE_SUFFIX}\n${passage.text.trim()}`,
    )
    .join('\n\n');
  return `${CONTEXT_OPEN_TAG}\n${body}\n${CONTEXT_CLOSE_TAG}`;
}

function parseBlockBody(body: string): ContextPassage[] {
  const passages: ContextPassage[] = [];
  let source: string | null = null;
  let lines: string[] = [];
  const flush = () => {
    const text = lines.join('\n').trim();
    if (text !== '') passages.push({ source: source ?? 'context', text });
    lines = [];
  };
  for (const line of body.split('\n')) {
    const trimmed = line.trim();
    if (trimmed.startsWith(CONTEXT_SOURCE_PREFIX) && trimmed.endsWith(CONTEXT_SOURCE_SUFFIX)) {
      flush();
      source = trimmed.slice(CONTEXT_SOURCE_PREFIX.length, -CONTEXT_SOURCE_SUFFIX.length).trim();
    } else if (source === null && trimmed === '') {
      flush();
    } else {
      lines.push(line);
    }
  }
  flush();
  return passages;
}

/**
 * Reads every context block in `text` back into passages. Inside a block, `[source: ...]` lines start
 * passages; a block without them is split on blank lines into passages whose source is `context`. An
 * unclosed block runs to the end of the text.
 */
export function parseContextBlocks(text: string): ContextPassage[] {
  const passages: ContextPassage[] = [];
  let cursor = text.indexOf(CONTEXT_OPEN_TAG);
  while (cursor >= 0) {
    const bodyStart = cursor + CONTEXT_OPEN_TAG.length;
    const close = text.indexOf(CONTEXT_CLOSE_TAG, bodyStart);
    const bodyEnd = close < 0 ? text.length : close;
    passages.push(...parseBlockBody(text.slice(bodyStart, bodyEnd)));
    cursor = close < 0 ? -1 : text.indexOf(CONTEXT_OPEN_TAG, close + CONTEXT_CLOSE_TAG.length);
  }
  return passages;
}
