import type {
  Agent,
  ApiChatAnswer,
  apiChatBodySchema,
  createAgentSchema,
  createSubAgentSchema,
  listAgentsQuerySchema,
  RunEvent,
  SubAgent,
  updateAgentSchema,
  updateSubAgentSchema,
} from '@renum/contracts';
import type { z } from 'zod';
import { followRunEventStream, type RunEventStreamOptions } from '../run-event-stream.ts';
import { segment, type Transport } from '../transport.ts';
import type { List, Page } from './page.ts';

/** Agents of the caller's client. */
export function createAgentsApi(transport: Transport) {
  return {
    list: (
      query: Partial<z.output<typeof listAgentsQuerySchema>> = {},
      options: { signal?: AbortSignal } = {},
    ) => transport.json<Page<Agent>>({ method: 'GET', path: '/v1/agents', query, ...options }),
    get: (id: string, options: { signal?: AbortSignal } = {}) =>
      transport.json<Agent>({ method: 'GET', path: `/v1/agents/${segment(id)}`, ...options }),
    create: (input: z.input<typeof createAgentSchema>) =>
      transport.json<Agent>({ method: 'POST', path: '/v1/agents', body: input }),
    update: (id: string, input: z.input<typeof updateAgentSchema>) =>
      transport.json<Agent>({ method: 'PATCH', path: `/v1/agents/${segment(id)}`, body: input }),
    delete: (id: string) => transport.json<void>({ method: 'DELETE', path: `/v1/agents/${segment(id)}` }),
    /**
     * The API channel: a message from one of your users (`external_user_id`, which becomes a contact),
     * answered once its run has ended (answer, run id, usage). Use an API key; same quotas and metering.
     */
    chat: (id: string, input: Omit<z.input<typeof apiChatBodySchema>, 'stream'>) =>
      transport.json<ApiChatAnswer>({
        method: 'POST',
        path: `/v1/agents/${segment(id)}/chat`,
        body: { ...input, stream: false },
      }),
    /** The API channel, streamed: the run's events as they happen (resuming after a dropped connection). */
    chatStream: (
      id: string,
      input: Omit<z.input<typeof apiChatBodySchema>, 'stream'>,
      options: RunEventStreamOptions = {},
    ): AsyncGenerator<RunEvent> =>
      followRunEventStream(
        transport,
        () =>
          transport.open({
            method: 'POST',
            path: `/v1/agents/${segment(id)}/chat`,
            body: { ...input, stream: true },
            headers: { accept: 'text/event-stream' },
            ...(options.signal ? { signal: options.signal } : {}),
          }),
        options,
      ),
  };
}

/** Sub-agents of an agent (topic specialists). */
export function createSubAgentsApi(transport: Transport) {
  const base = (agentId: string) => `/v1/agents/${segment(agentId)}/sub-agents`;
  return {
    list: (agentId: string, options: { signal?: AbortSignal } = {}) =>
      transport.json<List<SubAgent>>({ method: 'GET', path: base(agentId), ...options }),
    get: (agentId: string, id: string) =>
      transport.json<SubAgent>({ method: 'GET', path: `${base(agentId)}/${segment(id)}` }),
    create: (agentId: string, input: z.input<typeof createSubAgentSchema>) =>
      transport.json<SubAgent>({ method: 'POST', path: base(agentId), body: input }),
    update: (agentId: string, id: string, input: z.input<typeof updateSubAgentSchema>) =>
      transport.json<SubAgent>({ method: 'PATCH', path: `${base(agentId)}/${segment(id)}`, body: input }),
    delete: (agentId: string, id: string) =>
      transport.json<void>({ method: 'DELETE', path: `${base(agentId)}/${segment(id)}` }),
  };
}
