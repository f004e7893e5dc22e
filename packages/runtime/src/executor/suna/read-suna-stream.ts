import { EventSourceParserStream } from 'eventsource-parser/stream';
import type { SunaRawEvent } from './suna-event-mapper.ts';

/** Options of {@link readSunaStream}. */
export interface ReadSunaStreamOptions {
  /** The SSE body of `GET /v1/agent-run/{id}/stream`. */
  readonly body: ReadableStream<Uint8Array>;
  /**
   * Gives up on a stream silent this long (not even a `ping`, which Suna sends every ~5 s): the
   * connection is presumed dead and the caller resumes with `last_id`. @defaultValue 30_000
   */
  readonly idleTimeoutMs?: number;
  /**
   * The controller of the request that opened `body`: aborting it ends the iteration (the run is being
   * stopped), and the idle limit aborts it too.
   */
  readonly connection: AbortController;
}

/**
 * Reads Suna's SSE framing (`data: <json>` lines, no `event:` or `id:` fields) into parsed events. Ends
 * when the body ends, when it is silent past the idle limit, or when the connection is aborted; a line that is not
 * JSON is skipped. Never throws for a dropped connection: the caller decides whether to resume.
 */
export async function* readSunaStream(options: ReadSunaStreamOptions): AsyncGenerator<SunaRawEvent> {
  const reader = options.body
    .pipeThrough(new TextDecoderStream())
    .pipeThrough(new EventSourceParserStream())
    .getReader();
  const idleMs = options.idleTimeoutMs ?? 30_000;
  let timer: NodeJS.Timeout | undefined;
  const stop = () => options.connection.abort(new Error('The Suna stream went silent'));
  try {
    for (;;) {
      clearTimeout(timer);
      timer = setTimeout(stop, idleMs);
      let next: Awaited<ReturnType<typeof reader.read>>;
      try {
        next = await reader.read();
      } catch {
        return; // the connection dropped or was aborted: the caller resumes or reconciles
      }
      if (next.done) return;
      let event: unknown;
      try {
        event = JSON.parse(next.value.data);
      } catch {
        continue;
      }
      if (typeof event === 'object' && event !== null) yield event as SunaRawEvent;
    }
  } finally {
    clearTimeout(timer);
    reader.releaseLock();
  }
}
