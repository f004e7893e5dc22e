/** One Server-Sent Events message: what a blank line dispatches. */
export interface SseFrame {
  /** The `id:` of this message, or null when it had none. */
  id: string | null;
  /** The `event:` type, `message` when absent. */
  event: string;
  /** The `data:` lines joined with `\n`. */
  data: string;
}

/** Callbacks of {@link createSseParser}. */
export interface SseParserHandlers {
  onFrame(frame: SseFrame): void;
  /** A `retry:` field: the reconnection delay the server asks for, in milliseconds. */
  onRetry?(milliseconds: number): void;
}

/** An incremental parser: feed it text as it arrives, in chunks cut anywhere. */
export interface SseParser {
  feed(chunk: string): void;
  /** The stream ended: a message without its closing blank line is dropped, as the standard says. */
  end(): void;
}

/**
 * Parses the `text/event-stream` format (WHATWG HTML, "Server-sent events"): CRLF, LF and CR line
 * ends, comments, multi-line data, `id`, `event` and `retry` fields, a leading byte-order mark.
 */
export function createSseParser(handlers: SseParserHandlers): SseParser {
  let buffer = '';
  let started = false;
  let data: string[] = [];
  let event = '';
  let id: string | null = null;

  const dispatch = () => {
    if (data.length > 0) handlers.onFrame({ id, event: event || 'message', data: data.join('\n') });
    data = [];
    event = '';
    id = null;
  };

  const line = (text: string) => {
    if (text === '') return dispatch();
    if (text.startsWith(':')) return;
    const colon = text.indexOf(':');
    const field = colon === -1 ? text : text.slice(0, colon);
    let value = colon === -1 ? '' : text.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    switch (field) {
      case 'data':
        data.push(value);
        return;
      case 'event':
        event = value;
        return;
      case 'id':
        if (!value.includes('\0')) id = value;
        return;
      case 'retry':
        if (/^\d+$/.test(value)) handlers.onRetry?.(Number(value));
        return;
      default:
        return;
    }
  };

  const drain = (final: boolean) => {
    let start = 0;
    for (let index = 0; index < buffer.length; index++) {
      const char = buffer[index];
      if (char !== '\n' && char !== '\r') continue;
      // A CR at the end of the chunk may be the first half of a CRLF: wait for the next chunk.
      if (char === '\r' && index === buffer.length - 1 && !final) break;
      line(buffer.slice(start, index));
      if (char === '\r' && buffer[index + 1] === '\n') index++;
      start = index + 1;
    }
    buffer = buffer.slice(start);
  };

  return {
    feed(chunk) {
      if (!started) {
        if (chunk.length === 0) return;
        started = true;
        if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
      }
      buffer += chunk;
      drain(false);
    },
    end() {
      drain(true);
      buffer = '';
      data = [];
    },
  };
}

/**
 * Reads a response body as SSE frames. `retry:` values are reported through `onRetry`. Ends when the
 * body ends; throws when reading fails (connection lost, aborted).
 */
export async function* readSseFrames(
  body: ReadableStream<Uint8Array>,
  options: { onRetry?: (milliseconds: number) => void } = {},
): AsyncGenerator<SseFrame> {
  const frames: SseFrame[] = [];
  const parser = createSseParser({
    onFrame: (frame) => frames.push(frame),
    ...(options.onRetry ? { onRetry: options.onRetry } : {}),
  });
  const decoder = new TextDecoder();
  const reader = body.getReader();
  let settled = false; // the body ended or failed: nothing left to cancel
  try {
    while (true) {
      let chunk: Awaited<ReturnType<typeof reader.read>>;
      try {
        chunk = await reader.read();
      } catch (error) {
        settled = true;
        throw error;
      }
      const { value, done } = chunk;
      settled = done;
      if (done) {
        parser.feed(decoder.decode());
        parser.end();
      } else {
        parser.feed(decoder.decode(value, { stream: true }));
      }
      while (frames.length > 0) yield frames.shift()!;
      if (done) return;
    }
  } finally {
    // Stop the download when the consumer stops early (break, return, throw). A body that already ended
    // or failed needs no cancel (its own error, if any, is what propagates); a cancel that fails on a
    // live body is a real failure and propagates too.
    if (!settled) await reader.cancel();
  }
}
