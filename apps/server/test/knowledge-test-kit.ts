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
