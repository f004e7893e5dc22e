import { createRenumClient } from '@renum/sdk';
import { describe, expect, it } from 'vitest';
import { listeningTestApp } from './listening-test-app.ts';

/** The SDK's knowledge-base methods over HTTP, the file upload as real multipart (what the web page sends). */
describe('SDK knowledge bases', () => {
  const server = listeningTestApp();

  it('creates a base, uploads a file, waits for it and searches it', async () => {
    const client = createRenumClient({ baseUrl: server.baseUrl });
    await client.auth.signup({
      email: `sdk-kb-${Date.now()}@example.com`,
      password: 'correct horse battery',
      name: 'Ana',
      client_name: 'SDK Knowledge',
    });
    const base = await client.knowledge.create({ name: 'Manual', language: 'english' });
    const file = new Blob(['# Care\n\nClean the blender jar with warm water after each use.'], {
      type: 'text/plain',
    });
    const added = await client.knowledge.uploadDocument(base.id, file, {
      fileName: 'care.md',
      title: 'Care guide',
    });
    expect(added).toMatchObject({
      created: true,
      document: { title: 'Care guide', mime_type: 'text/markdown' },
    });
    let document = added.document;
    for (
      let tries = 0;
      document.status !== 'ready' && document.status !== 'failed' && tries < 400;
      tries += 1
    ) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      document = await client.knowledge.getDocument(base.id, document.id);
    }
    expect(document.status).toBe('ready');
    const found = await client.knowledge.search(base.id, { query: 'how to clean the jar' });
    expect(found.results[0]).toMatchObject({ document_title: 'Care guide', heading_path: ['Care'] });
    expect((await client.knowledge.documents(base.id)).data).toHaveLength(1);
  });
});
