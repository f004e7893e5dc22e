import type {
  CreateCredential,
  CreatePromptTemplate,
  Credential,
  listPromptTemplatesQuerySchema,
  PromptTemplate,
  PromptTemplateDetail,
  PromptTemplateVersion,
  UpdatePromptTemplate,
  UsageReport,
  usageQuerySchema,
} from '@renum/contracts';
import type { z } from 'zod';
import { segment, type Transport } from '../transport.ts';
import type { List, Page } from './page.ts';

/** Stored secrets of the client's services, listed masked only. */
export function createCredentialsApi(transport: Transport) {
  return {
    list: (options: { signal?: AbortSignal } = {}) =>
      transport.json<List<Credential>>({ method: 'GET', path: '/v1/credentials', ...options }),
    create: (input: CreateCredential) =>
      transport.json<Credential>({ method: 'POST', path: '/v1/credentials', body: input }),
    /** Replaces the secret fields of a credential. */
    replace: (id: string, secret: Record<string, string>) =>
      transport.json<Credential>({ method: 'PUT', path: `/v1/credentials/${segment(id)}`, body: { secret } }),
    delete: (id: string) =>
      transport.json<void>({ method: 'DELETE', path: `/v1/credentials/${segment(id)}` }),
  };
}

/** Model and tool usage over a range, grouped by day, agent, model or tool. */
export function createUsageApi(transport: Transport) {
  return {
    get: (query: z.input<typeof usageQuerySchema> = {}, options: { signal?: AbortSignal } = {}) =>
      transport.json<UsageReport>({ method: 'GET', path: '/v1/usage', query, ...options }),
  };
}

/** Versioned prompt templates. */
export function createPromptTemplatesApi(transport: Transport) {
  const path = (id: string) => `/v1/prompt-templates/${segment(id)}`;
  return {
    list: (query: Partial<z.output<typeof listPromptTemplatesQuerySchema>> = {}) =>
      transport.json<Page<PromptTemplate>>({ method: 'GET', path: '/v1/prompt-templates', query }),
    get: (id: string) => transport.json<PromptTemplateDetail>({ method: 'GET', path: path(id) }),
    create: (input: CreatePromptTemplate) =>
      transport.json<PromptTemplateDetail>({ method: 'POST', path: '/v1/prompt-templates', body: input }),
    update: (id: string, input: UpdatePromptTemplate) =>
      transport.json<PromptTemplate>({ method: 'PATCH', path: path(id), body: input }),
    delete: (id: string) => transport.json<void>({ method: 'DELETE', path: path(id) }),
    createVersion: (id: string, body: string) =>
      transport.json<PromptTemplateVersion>({ method: 'POST', path: `${path(id)}/versions`, body: { body } }),
    getVersion: (id: string, version: number) =>
      transport.json<PromptTemplateVersion>({
        method: 'GET',
        path: `${path(id)}/versions/${segment(version)}`,
      }),
  };
}
