import multipart from '@fastify/multipart';
import {
  AppError,
  addKnowledgeDocumentSchema,
  createKnowledgeBaseSchema,
  idParamsSchema,
  knowledgeAttachmentsSchema,
  knowledgeBaseSchema,
  knowledgeDocumentParamsSchema,
  knowledgeDocumentSchema,
  knowledgeSearchResultSchema,
  knowledgeUsageQuerySchema,
  knowledgeUsageSchema,
  messageFeedbackBodySchema,
  messageFeedbackSchema,
  pageSchema,
  searchKnowledgeSchema,
  setKnowledgeAttachmentsSchema,
  updateKnowledgeBaseSchema,
} from '@renum/contracts';
import {
  addDocument,
  createKnowledgeBase,
  type DocumentSource,
  deleteDocument,
  deleteKnowledgeBase,
  getDocument,
  getKnowledgeBase,
  getKnowledgeUsage,
  type KnowledgeDeps,
  listDocuments,
  listKnowledgeAttachments,
  listKnowledgeBases,
  reingestDocument,
  searchKnowledgeBase,
  setKnowledgeAttachments,
  submitFeedback,
  updateKnowledgeBase,
} from '@renum/platform';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { principalOf } from '../plugins/authentication.ts';
import type { RouteContext } from './route-context.ts';
import { errorResponses, security } from './route-schemas.ts';

const tags = ['knowledge-bases'];
const addedSchema = z.object({ document: knowledgeDocumentSchema, created: z.boolean() });
const defaultMaxBytes = 20 * 1024 * 1024;

/** Knowledge bases, their documents (file, URL, text) and search (issue 10). */
export async function knowledgeRoutes(
  instance: FastifyInstance,
  { deps, knowledge }: RouteContext & { knowledge: KnowledgeDeps },
) {
  const maxBytes = knowledge.maxDocumentBytes ?? defaultMaxBytes;
  await instance.register(multipart, { limits: { fileSize: maxBytes, files: 1, fields: 4 } });
  const app = instance.withTypeProvider<ZodTypeProvider>();
  const base = (request: { params: { id: string } }) => ({ knowledgeBaseId: request.params.id });
  app.get(
    '/v1/knowledge-bases',
    {
      schema: {
        tags,
        summary: 'List knowledge bases',
        security,
        response: { 200: pageSchema(knowledgeBaseSchema), ...errorResponses },
      },
    },
    async (request) => listKnowledgeBases(deps, { principal: principalOf(request) }),
  );
  app.post(
    '/v1/knowledge-bases',
    {
      schema: {
        tags,
        summary: 'Create a knowledge base',
        security,
        body: createKnowledgeBaseSchema,
        response: { 201: knowledgeBaseSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(
        await createKnowledgeBase(deps, {
          principal: principalOf(request),
          input: request.body,
          embedder: knowledge.embedder,
          reranker: knowledge.reranker,
        }),
      ),
  );
  app.get(
    '/v1/knowledge-bases/:id',
    {
      schema: {
        tags,
        summary: 'Get a knowledge base',
        security,
        params: idParamsSchema,
        response: { 200: knowledgeBaseSchema, ...errorResponses },
      },
    },
    async (request) => getKnowledgeBase(deps, { principal: principalOf(request), ...base(request) }),
  );
  app.patch(
    '/v1/knowledge-bases/:id',
    {
      schema: {
        tags,
        summary: 'Rename or re-describe a knowledge base, or set or remove its reranker',
        security,
        params: idParamsSchema,
        body: updateKnowledgeBaseSchema,
        response: { 200: knowledgeBaseSchema, ...errorResponses },
      },
    },
    async (request) =>
      updateKnowledgeBase(deps, {
        principal: principalOf(request),
        ...base(request),
        input: request.body,
        reranker: knowledge.reranker,
      }),
  );
  app.delete(
    '/v1/knowledge-bases/:id',
    {
      schema: {
        tags,
        summary: 'Delete a knowledge base with its documents and chunks',
        security,
        params: idParamsSchema,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await deleteKnowledgeBase(deps, { principal: principalOf(request), ...base(request) });
      return reply.status(204).send(null);
    },
  );
  app.get(
    '/v1/knowledge-bases/:id/documents',
    {
      schema: {
        tags,
        summary: 'List documents with status and progress',
        security,
        params: idParamsSchema,
        response: { 200: pageSchema(knowledgeDocumentSchema), ...errorResponses },
      },
    },
    async (request) => listDocuments(deps, { principal: principalOf(request), ...base(request) }),
  );
  app.post(
    '/v1/knowledge-bases/:id/documents',
    {
      bodyLimit: maxBytes + 64 * 1024,
      schema: {
        tags,
        summary:
          'Add a document: a file (multipart field `file`, optional `title`), or JSON {kind: text|url}',
        description:
          'Identical content (or the same URL) is a no-op answering the first document with 200 and created: false. The format is sniffed from the content.',
        security,
        params: idParamsSchema,
        consumes: ['application/json', 'multipart/form-data'],
        response: { 201: addedSchema, 200: addedSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const source = await sourceOf(request, maxBytes);
      const added = await addDocument(deps, knowledge, {
        principal: principalOf(request),
        ...base(request),
        source,
      });
      return reply.status(added.created ? 201 : 200).send(added);
    },
  );
  app.get(
    '/v1/knowledge-bases/:id/documents/:documentId',
    {
      schema: {
        tags,
        summary: 'Get a document with its ingestion status',
        security,
        params: knowledgeDocumentParamsSchema,
        response: { 200: knowledgeDocumentSchema, ...errorResponses },
      },
    },
    async (request) =>
      getDocument(deps, {
        principal: principalOf(request),
        ...base(request),
        documentId: request.params.documentId,
      }),
  );
  app.put(
    '/v1/knowledge-bases/:id/documents/:documentId',
    {
      bodyLimit: maxBytes + 64 * 1024,
      schema: {
        tags,
        summary: 'Replace a document (same forms as adding); its old chunks go when the new ones are ready',
        security,
        params: knowledgeDocumentParamsSchema,
        consumes: ['application/json', 'multipart/form-data'],
        response: { 202: knowledgeDocumentSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const source = await sourceOf(request, maxBytes);
      const document = await reingestDocument(deps, knowledge, {
        principal: principalOf(request),
        ...base(request),
        documentId: request.params.documentId,
        source,
      });
      return reply.status(202).send(document);
    },
  );
  app.post(
    '/v1/knowledge-bases/:id/documents/:documentId/reingest',
    {
      schema: {
        tags,
        summary: 'Ingest a document again',
        security,
        params: knowledgeDocumentParamsSchema,
        response: { 202: knowledgeDocumentSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(202).send(
        await reingestDocument(deps, knowledge, {
          principal: principalOf(request),
          ...base(request),
          documentId: request.params.documentId,
        }),
      ),
  );
  app.delete(
    '/v1/knowledge-bases/:id/documents/:documentId',
    {
      schema: {
        tags,
        summary: 'Delete a document with its chunks',
        security,
        params: knowledgeDocumentParamsSchema,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await deleteDocument(deps, {
        principal: principalOf(request),
        ...base(request),
        documentId: request.params.documentId,
      });
      return reply.status(204).send(null);
    },
  );
  app.post(
    '/v1/knowledge-bases/:id/search',
    {
      schema: {
        tags,
        summary: 'Search a knowledge base: ranked chunks with scores and which half of the hybrid found them',
        security,
        params: idParamsSchema,
        body: searchKnowledgeSchema,
        response: { 200: knowledgeSearchResultSchema, ...errorResponses },
      },
    },
    async (request) =>
      searchKnowledgeBase(deps, {
        principal: principalOf(request),
        ...base(request),
        input: request.body,
        embedder: knowledge.embedder,
        reranker: knowledge.reranker,
      }),
  );
  app.get(
    '/v1/knowledge-bases/:id/usage',
    {
      schema: {
        tags,
        summary:
          'How a knowledge base is used: queries, hits and feedback per document, disliked chunks, and its spend',
        security,
        params: idParamsSchema,
        querystring: knowledgeUsageQuerySchema,
        response: { 200: knowledgeUsageSchema, ...errorResponses },
      },
    },
    async (request) =>
      getKnowledgeUsage(deps, { principal: principalOf(request), ...base(request), query: request.query }),
  );
}

/** Knowledge bases attached to agents and sub-agents, and feedback on answers (issue 10). */
export async function knowledgeUseRoutes(instance: FastifyInstance, { deps }: RouteContext) {
  const app = instance.withTypeProvider<ZodTypeProvider>();
  const agentParams = z.object({ agent_id: z.string() });
  const subAgentParams = z.object({ agent_id: z.string(), id: z.string() });
  const attachments = { 200: knowledgeAttachmentsSchema, ...errorResponses };
  app.get(
    '/v1/agents/:agent_id/knowledge-bases',
    {
      schema: {
        tags,
        summary: "List an agent's knowledge bases",
        security,
        params: agentParams,
        response: attachments,
      },
    },
    async (request) =>
      listKnowledgeAttachments(deps, { principal: principalOf(request), agentId: request.params.agent_id }),
  );
  app.put(
    '/v1/agents/:agent_id/knowledge-bases',
    {
      schema: {
        tags,
        summary: "Replace an agent's knowledge bases (top_k, min_score each)",
        security,
        params: agentParams,
        body: setKnowledgeAttachmentsSchema,
        response: attachments,
      },
    },
    async (request) =>
      setKnowledgeAttachments(deps, {
        principal: principalOf(request),
        agentId: request.params.agent_id,
        input: request.body,
      }),
  );
  app.get(
    '/v1/agents/:agent_id/sub-agents/:id/knowledge-bases',
    {
      schema: {
        tags,
        summary: "List a sub-agent's own knowledge bases",
        security,
        params: subAgentParams,
        response: attachments,
      },
    },
    async (request) =>
      listKnowledgeAttachments(deps, {
        principal: principalOf(request),
        agentId: request.params.agent_id,
        subAgentId: request.params.id,
      }),
  );
  app.put(
    '/v1/agents/:agent_id/sub-agents/:id/knowledge-bases',
    {
      schema: {
        tags,
        summary: "Replace a sub-agent's own knowledge bases (used instead of the agent's)",
        security,
        params: subAgentParams,
        body: setKnowledgeAttachmentsSchema,
        response: attachments,
      },
    },
    async (request) =>
      setKnowledgeAttachments(deps, {
        principal: principalOf(request),
        agentId: request.params.agent_id,
        subAgentId: request.params.id,
        input: request.body,
      }),
  );
  app.post(
    '/v1/messages/:id/feedback',
    {
      schema: {
        tags,
        summary: 'Thumbs up or down on an assistant answer, stored with the chunks it cited',
        security,
        params: idParamsSchema,
        body: messageFeedbackBodySchema,
        response: { 200: messageFeedbackSchema, ...errorResponses },
      },
    },
    async (request) =>
      submitFeedback(deps, {
        principal: principalOf(request),
        messageId: request.params.id,
        input: request.body,
      }),
  );
}

/** The document source of a request: a multipart file, or a JSON text or URL. */
async function sourceOf(request: FastifyRequest, maxBytes: number): Promise<DocumentSource> {
  if (request.isMultipart()) {
    const file = await request.file();
    if (!file)
      throw new AppError('VALIDATION_ERROR', 'Invalid body: the multipart field `file` is required', {
        context: { field: 'body.file' },
      });
    let bytes: Buffer;
    try {
      bytes = await file.toBuffer();
    } catch (error) {
      if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
        throw new AppError('PAYLOAD_TOO_LARGE', `The file is larger than ${maxBytes} bytes`, {
          context: { limit_bytes: maxBytes },
          cause: error,
        });
      }
      throw error;
    }
    const title = fieldValue(file.fields.title);
    return {
      kind: 'file',
      bytes,
      fileName: file.filename || 'upload',
      ...(title ? { title: title.slice(0, 300) } : {}),
    };
  }
  const parsed = addKnowledgeDocumentSchema.safeParse(request.body);
  if (!parsed.success) {
    const details = parsed.error.issues.map((issue) => ({
      field: ['body', ...issue.path.map(String)].join('.'),
      message: issue.message,
    }));
    throw new AppError(
      'VALIDATION_ERROR',
      `Invalid ${details[0]?.field ?? 'body'}: ${details[0]?.message ?? 'is invalid'}`,
      { context: { details } },
    );
  }
  return parsed.data.kind === 'text'
    ? { kind: 'text', title: parsed.data.title, text: parsed.data.text }
    : { kind: 'url', url: parsed.data.url, ...(parsed.data.title ? { title: parsed.data.title } : {}) };
}

function fieldValue(field: unknown): string | null {
  const entry = Array.isArray(field) ? field[0] : field;
  const value = (entry as { value?: unknown } | undefined)?.value;
  return typeof value === 'string' && value.trim() ? value.trim() : null;
}
