import { describe, expect, it } from 'vitest';
import { createSseParser, readSseFrames, type SseFrame } from '../src/index.ts';

function parseAll(chunks: string[]) {
  const frames: SseFrame[] = [];
  const retries: number[] = [];
  const parser = createSseParser({
    onFrame: (frame) => frames.push(frame),
    onRetry: (ms) => retries.push(ms),
  });
  for (const chunk of chunks) parser.feed(chunk);
  parser.end();
  return { frames, retries };
}

describe('SSE parser', () => {
  it('parses id, event and data fields, skipping comments and the retry field', () => {
    const { frames, retries } = parseAll([
      'retry: 1000\n\n: ping\n\nid: 1\nevent: status\ndata: {"a":1}\n\nid: 2\nevent: content\ndata: {"b":2}\n\n',
    ]);
    expect(retries).toEqual([1000]);
    expect(frames).toEqual([
      { id: '1', event: 'status', data: '{"a":1}' },
      { id: '2', event: 'content', data: '{"b":2}' },
    ]);
  });

  it('gives the same frames however the text is cut, with LF, CRLF or CR line ends', () => {
    const text = 'id: 7\nevent: content\ndata: line one\ndata: line two\n\ndata:no-space\n\n';
    const expected = [
      { id: '7', event: 'content', data: 'line one\nline two' },
      { id: null, event: 'message', data: 'no-space' },
    ];
    for (const ending of ['\n', '\r\n', '\r']) {
      const variant = text.replaceAll('\n', ending);
      for (let size = 1; size <= variant.length; size++) {
        const chunks: string[] = [];
        for (let start = 0; start < variant.length; start += size)
          chunks.push(variant.slice(start, start + size));
        expect(parseAll(chunks).frames, `ending ${JSON.stringify(ending)} size ${size}`).toEqual(expected);
      }
    }
  });

  it('drops a message without its closing blank line, data-less messages and a leading BOM', () => {
    const { frames } = parseAll(['\uFEFFevent: status\n\n', 'data: kept\n\n', 'data: half']);
    expect(frames).toEqual([{ id: null, event: 'message', data: 'kept' }]);
  });

  it('ignores an id holding NUL, unknown fields and a non-numeric retry', () => {
    const { frames, retries } = parseAll(['id: a\0b\nfoo: bar\nretry: soon\ndata: x\n\n']);
    expect(frames).toEqual([{ id: null, event: 'message', data: 'x' }]);
    expect(retries).toEqual([]);
  });

  it('reads frames from a byte stream with multi-byte characters split across chunks', async () => {
    const bytes = new TextEncoder().encode('id: 1\nevent: content\ndata: {"content":"olá ✓"}\n\n');
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const byte of bytes) controller.enqueue(new Uint8Array([byte]));
        controller.close();
      },
    });
    const frames: SseFrame[] = [];
    for await (const frame of readSseFrames(body)) frames.push(frame);
    expect(frames).toEqual([{ id: '1', event: 'content', data: '{"content":"olá ✓"}' }]);
  });
});
