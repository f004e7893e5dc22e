import { documentChunks, withClient } from '@renum/db';
import { ingestDocument } from '@renum/platform';
import { testDatabaseTargets } from '@renum/testing';
import { eq } from 'drizzle-orm';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { multipartFile, settledDocument } from './knowledge-test-kit.ts';
import { createTestApp, type TestApp, type TestSession } from './test-app.ts';

const pglite = testDatabaseTargets()[0]!;

const policy = `# Políticas da Acme

## Reembolso

Clientes podem pedir reembolso em até 30 dias após a compra. O valor volta para o cartão original.

## Entrega

Pedidos saem do armazém de Curitiba em até dois dias úteis.`;

async function pdfWithTwoPages(): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const pages = [
    ['Warranty', 'Every blender carries a two year warranty against motor failure.'],
    ['Returns', 'Unopened boxes may be returned to any store within ninety days.'],
  ];
  for (const [heading, line] of pages) {
    const page = pdf.addPage([595, 842]);
    page.drawText(heading ?? '', { x: 50, y: 780, size: 24, font });
    page.drawText(line ?? '', { x: 50, y: 740, size: 11, font });
  }
  return pdf.save();
}

describe('knowledge bases API', () => {
  let t: TestApp;
  let owner: TestSession;
  let other: TestSession;
  beforeAll(async () => {
    t = await createTestApp(pglite);
    [owner, other] = [await t.signup(), await t.signup()];
  });
  afterAll(async () => t?.close());

  const createBase = async (token: string, name = 'Políticas') => {
    const response = await t.request({ method: 'POST', url: '/v1/knowledge-bases', token, body: { name } });
    expect(response.statusCode).toBe(201);
    return response.json();
  };
  const addText = (token: string, baseId: string, text = policy) =>
    t.request({
      method: 'POST',
      url: `/v1/knowledge-bases/${baseId}/documents`,
      token,
      body: { kind: 'text', title: 'Políticas', text },
    });
  const search = (token: string, baseId: string, query: string) =>
    t.request({ method: 'POST', url: `/v1/knowledge-bases/${baseId}/search`, token, body: { query } });

  it('ingests a text through the job and finds its passage by BM25, with heading path', async () => {
    const base = await createBase(owner.accessToken);
    expect(base).toMatchObject({ language: 'portuguese', lexical_only: true, document_count: 0 });
    const added = await addText(owner.accessToken, base.id);
    expect(added.statusCode).toBe(201);
    expect(added.json().document).toMatchObject({
      status: 'queued',
      mime_type: 'text/markdown',
      kind: 'text',
    });
    const document = await settledDocument(t, {
      token: owner.accessToken,
      baseId: base.id,
      documentId: added.json().document.id,
    });
    expect(document).toMatchObject({ status: 'ready', progress: 100, chunks_total: 2, chunks_done: 2 });
    const found = await search(owner.accessToken, base.id, 'Qual o prazo para pedir reembolso?');
    expect(found.statusCode).toBe(200);
    const [first] = found.json().results;
    expect(first).toMatchObject({
      document_title: 'Políticas',
      heading_path: ['Políticas da Acme', 'Reembolso'],
      found_by: ['lexical'],
      feedback_prior: 0,
    });
    expect(first.text).toContain('30 dias');
    expect(first.lexical_score).toBeGreaterThan(0);
    // The same content again is a no-op answering the first document.
    const again = await addText(owner.accessToken, base.id);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ created: false, document: { id: document.id } });
    // The list counts the base's documents as reading the base does (it answered 0 for every base).
    const list = await t.request({ method: 'GET', url: '/v1/knowledge-bases', token: owner.accessToken });
    const listed = list.json().data.find((row: { id: string }) => row.id === base.id);
    expect(listed).toMatchObject({ document_count: 1 });
  });

  it('reads an uploaded PDF by its content, keeps pages, and fails a corrupt file alone', async () => {
    const base = await createBase(owner.accessToken, 'Manuals');
    const bytes = await pdfWithTwoPages();
    const pdf = multipartFile({ fileName: 'manual.bin', bytes, title: 'Blender manual' });
    const corrupt = multipartFile({ fileName: 'broken.pdf', bytes: bytes.slice(0, 300) });
    const [good, bad] = await Promise.all(
      [pdf, corrupt].map((part) =>
        t.request({
          method: 'POST',
          url: `/v1/knowledge-bases/${base.id}/documents`,
          token: owner.accessToken,
          ...part,
        }),
      ),
    );
    expect(good?.statusCode).toBe(201);
    expect(good?.json().document).toMatchObject({
      mime_type: 'application/pdf',
      title: 'Blender manual',
      file_name: 'manual.bin',
    });
    const [ready, failed] = await Promise.all(
      [good, bad].map((response) =>
        settledDocument(t, {
          token: owner.accessToken,
          baseId: base.id,
          documentId: response?.json().document.id,
        }),
      ),
    );
    expect(ready.status).toBe('ready');
    // A stable code the screens translate, beside the English detail for API clients.
    expect(failed).toMatchObject({ status: 'failed', error_code: 'corrupt' });
    expect(failed.error).toMatch(/PDF/);
    expect(ready.error_code).toBeNull();
    const found = (await search(owner.accessToken, base.id, 'returned unopened boxes')).json().results;
    expect(found[0]).toMatchObject({ page: 2, heading_path: ['Returns'], document_title: 'Blender manual' });
  });

  it('makes one document of concurrent uploads of the same file', async () => {
    const base = await createBase(owner.accessToken, 'Race');
    const responses = await Promise.all(
      [1, 2, 3].map(() => addText(owner.accessToken, base.id, 'Same text, three uploads.')),
    );
    expect(responses.map((response) => response.statusCode).sort()).toEqual([200, 200, 201]);
    expect(new Set(responses.map((response) => response.json().document.id)).size).toBe(1);
    const list = await t.request({
      method: 'GET',
      url: `/v1/knowledge-bases/${base.id}/documents`,
      token: owner.accessToken,
    });
    expect(list.json().data).toHaveLength(1);
  });

  it('never shows one client the chunks of another with the same text', async () => {
    const mine = await createBase(owner.accessToken, 'Isolation');
    const theirs = await createBase(other.accessToken, 'Isolation');
    const text = 'O código secreto do cofre é girassol azul.';
    const [a, b] = [
      await addText(owner.accessToken, mine.id, text),
      await addText(other.accessToken, theirs.id, text),
    ];
    expect([a.statusCode, b.statusCode]).toEqual([201, 201]);
    await settledDocument(t, { token: owner.accessToken, baseId: mine.id, documentId: a.json().document.id });
    await settledDocument(t, {
      token: other.accessToken,
      baseId: theirs.id,
      documentId: b.json().document.id,
    });
    const own = (await search(other.accessToken, theirs.id, 'código secreto do cofre')).json().results;
    expect(own).toHaveLength(1);
    expect(own[0].document_id).toBe(b.json().document.id);
    // Another client's base is not found, for search, reads and writes alike.
    expect((await search(other.accessToken, mine.id, 'código secreto')).statusCode).toBe(404);
    const foreign = await t.request({
      method: 'GET',
      url: `/v1/knowledge-bases/${mine.id}/documents/${a.json().document.id}`,
      token: other.accessToken,
    });
    expect(foreign.json().code).toBe('KNOWLEDGE_BASE_NOT_FOUND');
    const deleted = await t.request({
      method: 'DELETE',
      url: `/v1/knowledge-bases/${mine.id}`,
      token: other.accessToken,
    });
    expect(deleted.statusCode).toBe(404);
  });

  it('resumes an interrupted ingestion after the chunks already stored, without duplicates', async () => {
    const base = await createBase(owner.accessToken, 'Resume');
    const sections = Array.from(
      { length: 6 },
      (_, index) => `## Seção ${index}\n\nTexto da seção número ${index}.`,
    ).join('\n\n');
    const added = (await addText(owner.accessToken, base.id, sections)).json().document;
    await settledDocument(t, { token: owner.accessToken, baseId: base.id, documentId: added.id });
    // Re-ingest as version 2, by hand: the first attempt stops after two batches, as if killed.
    await withClient(t.deps.db, owner.clientId, async (tx) => {
      await tx.execute(
        `update documents set version = 2, status = 'queued' where id = '${added.id}'` as never,
      );
    });
    const stop = new AbortController();
    let batches = 0;
    const ingest = (signal: AbortSignal) =>
      ingestDocument(
        t.deps,
        { jobs: t.jobs },
        { clientId: owner.clientId, documentId: added.id, version: 2, signal, batchSize: 2 },
      );
    const interrupted = new Proxy(stop.signal, {
      get(target, property) {
        if (property === 'throwIfAborted')
          return () => {
            batches += 1;
            if (batches <= 2) return;
            stop.abort();
            target.throwIfAborted();
          };
        const value = Reflect.get(target, property);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    await expect(ingest(interrupted)).rejects.toThrow();
    const partial = await settledOrNot(added.id);
    expect(partial).toMatchObject({ status: 'processing', chunks_done: 4, chunks_total: 6 });
    await ingest(new AbortController().signal);
    const rows = await withClient(t.deps.db, owner.clientId, (tx) =>
      tx
        .select({ version: documentChunks.document_version, position: documentChunks.position })
        .from(documentChunks)
        .where(eq(documentChunks.document_id, added.id)),
    );
    expect(rows.map((row) => `${row.version}:${row.position}`).sort()).toEqual([
      '2:0',
      '2:1',
      '2:2',
      '2:3',
      '2:4',
      '2:5',
    ]);
    expect(await settledOrNot(added.id)).toMatchObject({ status: 'ready', chunks_done: 6, progress: 100 });

    async function settledOrNot(id: string) {
      return (
        await t.request({
          method: 'GET',
          url: `/v1/knowledge-bases/${base.id}/documents/${id}`,
          token: owner.accessToken,
        })
      ).json();
    }
  });
});
