import type { RunEvent, RunEventDraft } from '@renum/contracts';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { I18nProvider } from '../src/i18n/i18n.tsx';
import { messagesEn } from '../src/i18n/messages-en.ts';
import { messagesPtBr } from '../src/i18n/messages-pt-br.ts';
import { ApiProvider } from '../src/lib/web-api.tsx';
import { KnowledgeAttachmentsEditor } from '../src/pages/agents/knowledge-attachments-editor.tsx';
import { DocumentProgress } from '../src/pages/knowledge/documents-table.tsx';
import { ChatEntryView } from '../src/pages/playground/answer-view.tsx';
import { chatReducer, emptyChatView } from '../src/pages/playground/chat-view.ts';
import { FeedbackBar } from '../src/pages/playground/citations-view.tsx';
import { ToastProvider } from '../src/ui/toast.tsx';
import { chooseOption } from './choose-option.ts';
import { type FakeAnswer, type FakeRequest, fakeApi, meAnswer } from './fake-api.ts';
import { renderApp, storeSession } from './render-app.tsx';

const now = '2026-01-01T00:00:00.000Z';
const baseId = '0190a000-0000-7000-8000-0000000000e1';
const docId = '0190a000-0000-7000-8000-0000000000d1';
const failedId = '0190a000-0000-7000-8000-0000000000d2';
const chunkId = '0190a000-0000-7000-8000-0000000000f1';

const base = (overrides: Record<string, unknown> = {}) => ({
  id: baseId,
  name: 'Manual',
  description: null,
  owner_id: null,
  language: 'portuguese',
  embedding_model: null,
  lexical_only: true,
  chunk_target_tokens: 350,
  chunk_overlap_tokens: 40,
  document_count: 0,
  created_at: now,
  updated_at: now,
  ...overrides,
});

const document = (overrides: Record<string, unknown> = {}) => ({
  id: docId,
  knowledge_base_id: baseId,
  kind: 'file',
  title: 'guide.pdf',
  file_name: 'guide.pdf',
  source_url: null,
  mime_type: 'application/pdf',
  size_bytes: 1000,
  checksum: 'abc',
  status: 'processing',
  error: null,
  error_code: null,
  progress: 40,
  chunks_done: 4,
  chunks_total: 10,
  version: 1,
  created_at: now,
  updated_at: now,
  indexed_at: null,
  ...overrides,
});

const usage = {
  knowledge_base_id: baseId,
  from: now,
  to: now,
  queries: 7,
  documents: [{ document_id: docId, title: 'guide.pdf', hits: 5, feedback_up: 1, feedback_down: 2 }],
  disliked_chunks: [
    {
      chunk_id: chunkId,
      document_id: docId,
      document_title: 'guide.pdf',
      excerpt: 'Refunds take ninety days.',
      down: 2,
      up: 0,
    },
  ],
  spend: {
    embedding_calls: 0,
    embedding_tokens: 0,
    embedding_cost_usd: 0,
    page_fetches: 1,
    page_fetch_cost_usd: 0,
  },
};

beforeEach(storeSession);

function baseRoutes(extra: Record<string, FakeAnswer | ((request: FakeRequest) => FakeAnswer)>) {
  return {
    'GET /v1/me': { status: 200, body: meAnswer() },
    [`GET /v1/knowledge-bases/${baseId}`]: { status: 200, body: base() },
    [`GET /v1/knowledge-bases/${baseId}/usage`]: { status: 200, body: usage },
    ...extra,
  };
}

describe('knowledge bases list', () => {
  it('creates a lexical-only base with the chosen settings and opens it, which says it is lexical only', async () => {
    let bases: unknown[] = [];
    const api = fakeApi(
      baseRoutes({
        'GET /v1/knowledge-bases': () => ({ status: 200, body: { data: bases } }),
        'POST /v1/knowledge-bases': (request) => {
          bases = [base({ name: (request.body as { name: string }).name })];
          return { status: 201, body: bases[0] };
        },
        [`GET /v1/knowledge-bases/${baseId}/documents`]: { status: 200, body: { data: [] } },
      }),
    );
    const history = renderApp(api, '/knowledge');
    const user = userEvent.setup();
    expect(await screen.findByText(messagesEn['knowledge.empty'])).toBeTruthy();
    await user.click(screen.getByRole('button', { name: messagesEn['knowledge.create'] }));
    const dialog = await screen.findByRole('dialog');
    // An empty name is refused before anything is sent.
    await user.click(within(dialog).getByRole('button', { name: messagesEn['knowledge.create'] }));
    expect(within(dialog).getByLabelText(/^Name/).getAttribute('aria-invalid')).toBe('true');
    expect(api.requests.some((request) => request.method === 'POST')).toBe(false);
    await user.type(within(dialog).getByLabelText(/^Name/), 'Manual');
    await chooseOption(
      user,
      within(dialog).getByRole('combobox', { name: messagesEn['knowledge.field.language'] }),
      messagesEn['knowledge.language.english'],
    );
    const size = within(dialog).getByLabelText(messagesEn['knowledge.field.chunkTarget']);
    await user.clear(size);
    await user.type(size, '500');
    await user.click(within(dialog).getByRole('button', { name: messagesEn['knowledge.create'] }));
    await waitFor(() => expect(history.location.pathname).toBe(`/knowledge/${baseId}`));
    const sent = api.requests.find((request) => request.method === 'POST')?.body;
    expect(sent).toEqual({
      name: 'Manual',
      description: null,
      language: 'english',
      embedding_model: null,
      reranker_model: null,
      chunk_target_tokens: 500,
      chunk_overlap_tokens: 40,
    });
    expect((await screen.findByTestId('lexical-only-notice')).textContent).toBe(
      messagesEn['knowledge.lexicalOnlyNotice'],
    );
  });

  it('proposes the documents’ language of the page: English in English, Portuguese in Portuguese', async () => {
    const routes = baseRoutes({ 'GET /v1/knowledge-bases': { status: 200, body: { data: [] } } });
    for (const [locale, create, language] of [
      ['en', messagesEn['knowledge.create'], messagesEn['knowledge.language.english']],
      ['pt-BR', messagesPtBr['knowledge.create'], messagesPtBr['knowledge.language.portuguese']],
    ] as const) {
      renderApp(fakeApi(routes), '/knowledge', locale);
      await userEvent.setup().click(await screen.findByRole('button', { name: create }));
      const dialog = await screen.findByRole('dialog');
      expect(within(dialog).getAllByRole('combobox')[0]?.textContent).toBe(language);
      cleanup();
    }
  });

  it('says on the name field that the name is taken when the server answers CONFLICT', async () => {
    const api = fakeApi(
      baseRoutes({
        'GET /v1/knowledge-bases': { status: 200, body: { data: [base()] } },
        'POST /v1/knowledge-bases': {
          status: 409,
          body: { error: 'A knowledge base with this name already exists', code: 'CONFLICT', field: 'name' },
        },
      }),
    );
    renderApp(api, '/knowledge', 'pt-BR');
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: messagesPtBr['knowledge.create'] }));
    const dialog = await screen.findByRole('dialog');
    const name = within(dialog).getByLabelText(/^Nome/);
    await user.type(name, 'Manual');
    await user.click(within(dialog).getByRole('button', { name: messagesPtBr['knowledge.create'] }));
    expect(await within(dialog).findByText(messagesPtBr['knowledge.nameTaken'])).toBeTruthy();
    expect(name.getAttribute('aria-invalid')).toBe('true');
  });
});

describe('a knowledge base page', () => {
  it('polls indexing progress until ready, shows a failed document’s error and indexes it again', async () => {
    let reads = 0;
    const api = fakeApi(
      baseRoutes({
        [`GET /v1/knowledge-bases/${baseId}/documents`]: () => {
          reads += 1;
          const first =
            reads < 2
              ? document()
              : document({ status: 'ready', progress: 100, chunks_done: 10, indexed_at: now });
          const failed = document({
            id: failedId,
            title: 'broken.pdf',
            status: 'failed',
            error: 'The PDF has no text layer',
            progress: 0,
            chunks_done: 0,
            chunks_total: null,
          });
          return { status: 200, body: { data: [first, failed] } };
        },
        [`POST /v1/knowledge-bases/${baseId}/documents/${failedId}/reingest`]: {
          status: 202,
          body: document({ id: failedId, title: 'broken.pdf', status: 'queued', progress: 0 }),
        },
      }),
    );
    renderApp(api, `/knowledge/${baseId}`);
    const user = userEvent.setup();
    const progress = await screen.findByLabelText('Indexing of guide.pdf');
    expect(progress.getAttribute('value')).toBe('40');
    expect(screen.getByText(/40% · 4 of 10 passages/)).toBeTruthy();
    expect(screen.getByText('The PDF has no text layer')).toBeTruthy();
    // The list is read again while a document is being indexed, until it is ready.
    await waitFor(
      () => expect(screen.getByLabelText('Indexing of guide.pdf').getAttribute('value')).toBe('100'),
      {
        timeout: 4000,
      },
    );
    expect(screen.getAllByText(messagesEn['knowledge.doc.status.ready']).length).toBeGreaterThan(0);
    await user.click(screen.getByRole('button', { name: 'Index again: broken.pdf' }));
    await waitFor(() =>
      expect(api.requests.some((request) => request.path.endsWith(`${failedId}/reingest`))).toBe(true),
    );
  });

  it('searches and shows ranked passages with scores and the half that found them; shows the usage report', async () => {
    const api = fakeApi(
      baseRoutes({
        [`GET /v1/knowledge-bases/${baseId}/documents`]: { status: 200, body: { data: [] } },
        [`POST /v1/knowledge-bases/${baseId}/search`]: (request) => ({
          status: 200,
          body: {
            query: (request.body as { query: string }).query,
            lexical_only: true,
            mode: 'lexical',
            results: [
              {
                chunk_id: chunkId,
                document_id: docId,
                knowledge_base_id: baseId,
                document_title: 'guide.pdf',
                text: 'Refunds take ninety days.',
                heading_path: ['Policies'],
                page: 2,
                position: 0,
                score: 0.0164,
                lexical_score: 3.25,
                vector_score: null,
                found_by: ['lexical'],
                feedback_prior: 0,
              },
            ],
          },
        }),
      }),
    );
    renderApp(api, `/knowledge/${baseId}`);
    const user = userEvent.setup();
    const usagePanel = await screen.findByTestId('knowledge-usage');
    expect(await within(usagePanel).findByText('Refunds take ninety days.')).toBeTruthy();
    expect(within(usagePanel).getByText('7')).toBeTruthy();
    // A lexical-only base offers no mode: it is searched by words.
    expect(screen.queryByLabelText(messagesEn['knowledge.search.mode'])).toBeNull();
    const query = screen.getByLabelText(messagesEn['knowledge.search.query']);
    await user.type(query, 'refund');
    // In the search form: the header's command palette button is also named "Search".
    const form = query.closest('form');
    if (!form) throw new Error('the search query is outside a form');
    await user.click(within(form).getByRole('button', { name: messagesEn['knowledge.search.submit'] }));
    const hit = await screen.findByTestId('search-hit');
    expect(hit.textContent).toContain('1. guide.pdf');
    expect(hit.textContent).toContain('page 2');
    expect(hit.textContent).toContain('found by words');
    expect(hit.textContent).toContain('words 3.25');
    const sent = api.requests.find((request) => request.path.endsWith('/search'))?.body;
    expect(sent).toEqual({ query: 'refund', mode: 'lexical', top_k: 10 });
  });

  it('lands on the document a citation links to (#document-<id>): its row is outlined and focused', async () => {
    const ready = { status: 'ready', progress: 100, chunks_done: 10, indexed_at: now };
    const api = fakeApi(
      baseRoutes({
        [`GET /v1/knowledge-bases/${baseId}/documents`]: {
          status: 200,
          body: { data: [document(ready), document({ ...ready, id: failedId, title: 'cited.pdf' })] },
        },
      }),
    );
    renderApp(api, `/knowledge/${baseId}#document-${failedId}`);
    const rows = await screen.findAllByTestId('document-row');
    const cited = rows.find((row) => row.textContent?.includes('cited.pdf'));
    await waitFor(() => expect(globalThis.document.activeElement).toBe(cited));
    expect(cited?.id).toBe(`document-${failedId}`);
    expect(cited?.getAttribute('data-linked')).toBe('true');
    expect(rows.filter((row) => row.getAttribute('data-linked') === 'true')).toHaveLength(1);
  });

  it('says why a document failed in Portuguese from its error code, and shows the stored text without one', async () => {
    const failed = { status: 'failed', progress: 0, chunks_done: 0, chunks_total: null };
    const api = fakeApi(
      baseRoutes({
        [`GET /v1/knowledge-bases/${baseId}/documents`]: {
          status: 200,
          body: {
            data: [
              document({ ...failed, error: 'The PDF is damaged (no xref table)', error_code: 'corrupt' }),
              document({ ...failed, id: failedId, title: 'old.pdf', error: 'Stored before codes existed' }),
            ],
          },
        },
      }),
    );
    renderApp(api, `/knowledge/${baseId}`, 'pt-BR');
    const errors = await screen.findAllByTestId('document-error');
    expect(errors.map((error) => error.textContent)).toEqual([
      messagesPtBr['knowledge.doc.error.corrupt'],
      'Stored before codes existed',
    ]);
    expect(messagesPtBr['knowledge.doc.error.corrupt']).toBe(
      'O arquivo está corrompido e não pode ser lido.',
    );
    // The server's English detail stays reachable, as the tooltip.
    expect(errors[0]?.getAttribute('title')).toBe('The PDF is damaged (no xref table)');
  });

  it('shows a document’s progress in Portuguese', () => {
    render(
      <I18nProvider locale="pt-BR">
        <DocumentProgress document={document() as never} />
      </I18nProvider>,
    );
    expect(screen.getByText(/40% · 4 de 10 trechos/)).toBeTruthy();
    expect(messagesPtBr['knowledge.lexicalOnlyNotice']).not.toBe(messagesEn['knowledge.lexicalOnlyNotice']);
  });
});

describe('citations in the playground view', () => {
  const runId = '0190a0b0-0000-7000-8000-000000000001';
  const event = (draft: RunEventDraft, seq: number) =>
    ({ ...draft, run_id: runId, seq, conversation_id: runId, created_at: now }) as RunEvent;
  it('keeps the retrieval sources and the stored message of an answer', () => {
    const source = {
      n: 1,
      chunk_id: chunkId,
      document_id: docId,
      knowledge_base_id: baseId,
      document_title: 'guide.pdf',
      heading_path: [],
      page: 1,
      score: 0.5,
      excerpt: 'Refunds take ninety days.',
    };
    let view = chatReducer(emptyChatView, {
      type: 'event',
      event: event({ type: 'retrieval', query: 'refund', sources: [source], content: '' }, 1),
    });
    view = chatReducer(view, {
      type: 'event',
      event: event(
        {
          type: 'complete',
          content: 'Ninety days [1].',
          message_id: docId,
          usage: { input_tokens: 1, output_tokens: 1, cost_usd: 0 },
        } as RunEventDraft,
        2,
      ),
    });
    const answer = view.entries[0];
    expect(answer?.kind === 'answer' && answer.citations).toEqual([source]);
    expect(answer?.kind === 'answer' && answer.messageId).toBe(docId);
  });

  it('shows the vote stored on a reopened answer pressed, with its comment', () => {
    const message = (id: string, role: 'user' | 'assistant', extra: Record<string, unknown> = {}) => ({
      id,
      conversation_id: runId,
      run_id: runId,
      role,
      text: role === 'user' ? 'Refund?' : 'Ninety days.',
      content: [],
      sub_agent_id: null,
      tokens_input: 0,
      tokens_output: 0,
      created_at: now,
      ...extra,
    });
    const view = chatReducer(emptyChatView, {
      type: 'history',
      messages: [
        message(chunkId, 'user'),
        message(docId, 'assistant', { feedback: { rating: 'down', comment: 'Wrong period' } }),
      ],
    });
    const answer = view.entries.find((entry) => entry.kind === 'answer');
    render(
      <QueryClientProvider client={new QueryClient()}>
        <ApiProvider api={fakeApi({})}>
          <I18nProvider locale="en">
            {answer ? <ChatEntryView entry={answer} knowledge /> : null}
          </I18nProvider>
        </ApiProvider>
      </QueryClientProvider>,
    );
    const down = screen.getByRole('button', { name: messagesEn['chat.feedback.down'] });
    const up = screen.getByRole('button', { name: messagesEn['chat.feedback.up'] });
    expect(down.getAttribute('aria-pressed')).toBe('true');
    expect(up.getAttribute('aria-pressed')).toBe('false');
    expect(screen.getByRole('textbox', { name: messagesEn['chat.feedback.comment'] })).toHaveProperty(
      'value',
      'Wrong period',
    );
  });

  it('keeps the shown comment when the vote changes (a vote replaces the stored feedback whole)', async () => {
    const messageId = '0190a000-0000-7000-8000-0000000000b1';
    const api = fakeApi({
      [`POST /v1/messages/${messageId}/feedback`]: (request) => ({
        status: 200,
        body: {
          message_id: messageId,
          chunk_ids: [],
          created_at: now,
          updated_at: now,
          ...(request.body as object),
        },
      }),
    });
    render(
      <QueryClientProvider client={new QueryClient()}>
        <ApiProvider api={api}>
          <I18nProvider locale="en">
            <FeedbackBar messageId={messageId} stored={{ rating: 'down', comment: 'Wrong period' }} />
          </I18nProvider>
        </ApiProvider>
      </QueryClientProvider>,
    );
    await userEvent.setup().click(screen.getByRole('button', { name: messagesEn['chat.feedback.up'] }));
    await waitFor(() => expect(api.requests.at(-1)?.body).toEqual({ rating: 'up', comment: 'Wrong period' }));
  });
});

function renderAttachments(api: ReturnType<typeof fakeApi>, agentId: string) {
  render(
    <QueryClientProvider client={new QueryClient()}>
      <ApiProvider api={api}>
        <I18nProvider locale="en">
          <ToastProvider>
            <KnowledgeAttachmentsEditor agentId={agentId} />
          </ToastProvider>
        </I18nProvider>
      </ApiProvider>
    </QueryClientProvider>,
  );
}

describe('attaching knowledge bases to an agent', () => {
  it('shows in its select the base the button attaches, and attaches the one chosen', async () => {
    const agentId = '0190a000-0000-7000-8000-0000000000a9';
    const pricesId = '0190a000-0000-7000-8000-0000000000e2';
    const api = fakeApi({
      'GET /v1/knowledge-bases': {
        status: 200,
        body: { data: [base(), base({ id: pricesId, name: 'Prices' })] },
      },
      [`GET /v1/agents/${agentId}/knowledge-bases`]: { status: 200, body: { knowledge_bases: [] } },
    });
    renderAttachments(api, agentId);
    const user = userEvent.setup();
    const select = await screen.findByRole('combobox', { name: messagesEn['knowledge.attach.choose'] });
    // Not a blank select: the base the button would attach is the one shown.
    expect(select.textContent).toBe('Manual');
    await chooseOption(user, select, 'Prices');
    await user.click(screen.getByRole('button', { name: messagesEn['knowledge.attach.add'] }));
    expect(screen.getByRole('button', { name: 'Detach Prices' })).toBeTruthy();
    // The one left is now shown, and attaching it adds it.
    const after = screen.getByRole('combobox', { name: messagesEn['knowledge.attach.choose'] });
    expect(after.textContent).toBe('Manual');
    await user.click(screen.getByRole('button', { name: messagesEn['knowledge.attach.add'] }));
    expect(screen.getByRole('button', { name: 'Detach Manual' })).toBeTruthy();
  });

  it('attaches a base with its top-k and minimum score and saves the whole list', async () => {
    const agentId = '0190a000-0000-7000-8000-0000000000a9';
    let saved: unknown = null;
    const api = fakeApi({
      'GET /v1/knowledge-bases': { status: 200, body: { data: [base()] } },
      [`GET /v1/agents/${agentId}/knowledge-bases`]: { status: 200, body: { knowledge_bases: [] } },
      [`PUT /v1/agents/${agentId}/knowledge-bases`]: (request) => {
        saved = request.body;
        const list = (request.body as { knowledge_bases: Array<Record<string, unknown>> }).knowledge_bases;
        return { status: 200, body: { knowledge_bases: list.map((row) => ({ ...row, name: 'Manual' })) } };
      },
    });
    renderAttachments(api, agentId);
    const user = userEvent.setup();
    expect(await screen.findByText(messagesEn['knowledge.attach.none'])).toBeTruthy();
    await user.click(await screen.findByRole('button', { name: messagesEn['knowledge.attach.add'] }));
    const topK = screen.getByLabelText(messagesEn['knowledge.attach.topK']);
    await user.clear(topK);
    await user.type(topK, '3');
    const minScore = screen.getByLabelText(messagesEn['knowledge.attach.minScore']);
    await user.clear(minScore);
    await user.type(minScore, '1.5');
    await user.click(screen.getByRole('button', { name: messagesEn['knowledge.attach.save'] }));
    await screen.findByText(messagesEn['knowledge.attach.saved']);
    expect(saved).toEqual({ knowledge_bases: [{ knowledge_base_id: baseId, top_k: 3, min_score: 1.5 }] });
  });
});
