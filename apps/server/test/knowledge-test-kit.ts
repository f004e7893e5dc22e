import type { TestApp } from './test-app.ts';

/** A multipart/form-data body with one file (and an optional title), as a browser sends it. */
export function multipartFile(options: { fileName: string; bytes: Uint8Array; title?: string }) {
  const boundary = `----renum${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  if (options.title) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="title"\r\n\r\n${options.title}\r\n`,
      ),
    );
  }
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${options.fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    Buffer.from(options.bytes),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  );
  return {
    body: Buffer.concat(parts),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

/** Waits until a document's ingestion is over (ready or failed) and returns it; fails after `ms`. */
export async function settledDocument(
  t: TestApp,
  options: { token: string; baseId: string; documentId: string; ms?: number },
) {
  const deadline = Date.now() + (options.ms ?? 15_000);
  for (;;) {
    const response = await t.request({
      method: 'GET',
      url: `/v1/knowledge-bases/${options.baseId}/documents/${options.documentId}`,
      token: options.token,
    });
    const document = response.json();
    if (document.status === 'ready' || document.status === 'failed') return document;
    if (Date.now() > deadline) throw new Error(`document still ${document.status}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** The reranker the knowledge tests configure (the fake reranker behind an OpenAI-compatible endpoint). */
export const fakeRerankerModel = 'openai-compatible/rerankers/fake-rerank-v1';

/**
 * Four sections that all share the cleaning question's words, so BM25 finds every one; a test's fake
 * reranker scores them by its own rule (a wire-format check, not a semantic one).
 */
export const coffeeMachineManual = `# Manual da cafeteira

## Água

A cafeteira usa água filtrada. Limpe a cafeteira com água e vinagre uma vez por mês.

## Cápsulas

A cafeteira aceita cápsulas de café. Limpe a cafeteira depois de cada cápsula.

## Filtro

O filtro da cafeteira fica sob a tampa. Para limpar a cafeteira, troque o filtro a cada dois meses.

## Garantia

A garantia da cafeteira cobre o motor. Limpe a cafeteira conforme o manual para manter a garantia.`;
