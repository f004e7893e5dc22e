import type {
  AddKnowledgeDocument,
  CreateKnowledgeBase,
  KnowledgeBase,
  KnowledgeDocument,
  KnowledgeSearchResult,
  KnowledgeUsage,
  MessageFeedback,
  MessageFeedbackBody,
  SearchKnowledge,
  SetKnowledgeAttachments,
  UpdateKnowledgeBase,
} from '@renum/contracts';
import { segment, type Transport } from '../transport.ts';
import type { List } from './page.ts';

/** A document added: the document, and false when identical content was already there (a no-op). */
export interface AddedKnowledgeDocument {
  document: KnowledgeDocument;
  created: boolean;
}

/** Knowledge bases attached to an agent or sub-agent. */
export interface KnowledgeAttachments {
  knowledge_bases: Array<{ knowledge_base_id: string; top_k: number; min_score: number; name: string }>;
}

/** Knowledge bases (issue 10): bases, their documents, search, attachments and feedback on answers. */
export function createKnowledgeApi(transport: Transport) {
  const base = (id: string) => `/v1/knowledge-bases/${segment(id)}`;
  const document = (id: string, documentId: string) => `${base(id)}/documents/${segment(documentId)}`;
  return {
    list: () => transport.json<List<KnowledgeBase>>({ method: 'GET', path: '/v1/knowledge-bases' }),
    create: (body: Partial<CreateKnowledgeBase> & { name: string }) =>
      transport.json<KnowledgeBase>({ method: 'POST', path: '/v1/knowledge-bases', body }),
    get: (id: string) => transport.json<KnowledgeBase>({ method: 'GET', path: base(id) }),
    update: (id: string, body: UpdateKnowledgeBase) =>
      transport.json<KnowledgeBase>({ method: 'PATCH', path: base(id), body }),
    delete: (id: string) => transport.json<void>({ method: 'DELETE', path: base(id) }),
    documents: (id: string) =>
      transport.json<List<KnowledgeDocument>>({ method: 'GET', path: `${base(id)}/documents` }),
    /** Adds a text or a URL. */
    addDocument: (id: string, body: AddKnowledgeDocument) =>
      transport.json<AddedKnowledgeDocument>({ method: 'POST', path: `${base(id)}/documents`, body }),
    /** Uploads a file (multipart); its format is sniffed from its content. */
    uploadDocument: (id: string, file: Blob, options: { fileName: string; title?: string }) => {
      const form = new FormData();
      if (options.title) form.append('title', options.title);
      form.append('file', file, options.fileName);
      return transport.json<AddedKnowledgeDocument>({
        method: 'POST',
        path: `${base(id)}/documents`,
        body: form,
      });
    },
    getDocument: (id: string, documentId: string) =>
      transport.json<KnowledgeDocument>({ method: 'GET', path: document(id, documentId) }),
    /** Replaces a file document with another file (multipart); its old passages go when the new ones are ready. */
    replaceDocument: (id: string, documentId: string, file: Blob, options: { fileName: string }) => {
      const form = new FormData();
      form.append('file', file, options.fileName);
      return transport.json<KnowledgeDocument>({ method: 'PUT', path: document(id, documentId), body: form });
    },
    reingestDocument: (id: string, documentId: string) =>
      transport.json<KnowledgeDocument>({ method: 'POST', path: `${document(id, documentId)}/reingest` }),
    deleteDocument: (id: string, documentId: string) =>
      transport.json<void>({ method: 'DELETE', path: document(id, documentId) }),
    search: (id: string, body: Partial<SearchKnowledge> & { query: string }) =>
      transport.json<KnowledgeSearchResult>({ method: 'POST', path: `${base(id)}/search`, body }),
    /** Queries, hits and feedback per document, disliked chunks and spend, in [from, to) (default: 30 days). */
    usage: (id: string, query: { from?: string; to?: string } = {}) =>
      transport.json<KnowledgeUsage>({ method: 'GET', path: `${base(id)}/usage`, query }),
    attachments: (agentId: string) =>
      transport.json<KnowledgeAttachments>({
        method: 'GET',
        path: `/v1/agents/${segment(agentId)}/knowledge-bases`,
      }),
    setAttachments: (agentId: string, body: SetKnowledgeAttachments) =>
      transport.json<KnowledgeAttachments>({
        method: 'PUT',
        path: `/v1/agents/${segment(agentId)}/knowledge-bases`,
        body,
      }),
    subAgentAttachments: (agentId: string, subAgentId: string) =>
      transport.json<KnowledgeAttachments>({
        method: 'GET',
        path: `/v1/agents/${segment(agentId)}/sub-agents/${segment(subAgentId)}/knowledge-bases`,
      }),
    /** A sub-agent's own bases, used instead of its agent's; an empty list falls back to the agent's. */
    setSubAgentAttachments: (agentId: string, subAgentId: string, body: SetKnowledgeAttachments) =>
      transport.json<KnowledgeAttachments>({
        method: 'PUT',
        path: `/v1/agents/${segment(agentId)}/sub-agents/${segment(subAgentId)}/knowledge-bases`,
        body,
      }),
    feedback: (messageId: string, body: MessageFeedbackBody) =>
      transport.json<MessageFeedback>({
        method: 'POST',
        path: `/v1/messages/${segment(messageId)}/feedback`,
        body,
      }),
  };
}
