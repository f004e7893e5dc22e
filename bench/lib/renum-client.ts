import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import type { TurnTiming } from './load.ts';

/** Keep-alive HTTP client sized for the benchmark's concurrency (loopback only). */
export function createAgent(maxSockets: number): http.Agent {
  return new http.Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets, scheduling: 'lifo' });
}

interface JsonAnswer {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: the benchmark reads a few fields of loosely typed answers
  body: any;
}

/** One JSON request over the keep-alive agent. */
export function requestJson(options: {
  agent: http.Agent;
  baseUrl: string;
  method: string;
  path: string;
  token?: string;
  body?: unknown;
}): Promise<JsonAnswer> {
  const url = new URL(options.path, options.baseUrl);
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  const headers: http.OutgoingHttpHeaders = { accept: 'application/json' };
  if (payload !== undefined) {
    headers['content-type'] = 'application/json';
    headers['content-length'] = Buffer.byteLength(payload);
  }
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      { method: options.method, agent: options.agent, headers },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          let body: unknown = text;
          try {
            body = text ? JSON.parse(text) : null;
          } catch {
            // not JSON: keep the text
          }
          resolve({ status: response.statusCode ?? 0, body });
        });
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(payload);
  });
}

async function expectStatus(answer: Promise<JsonAnswer>, status: number, what: string): Promise<JsonAnswer> {
  const result = await answer;
  if (result.status !== status) {
    throw new Error(`${what}: expected ${status}, got ${result.status}: ${JSON.stringify(result.body)}`);
  }
  return result;
}

/** The tenant the benchmark chats as: its token, agent and the message that routes to a sub-agent. */
export interface BenchTenant {
  token: string;
  agentId: string;
  /** System prompt of the sub-agent that answers (the direct baseline uses the same one). */
  answeringSystemPrompt: string;
}

/** The message of every turn: it matches the "billing" sub-agent's topic "invoice" (fast topic match). */
export const TURN_MESSAGE = 'I have a question about my invoice total this month, can you help me?';
const BILLING_PROMPT = 'You are the billing specialist of Bench Co. Answer questions about invoices briefly.';

/**
 * Signs up a fresh client, creates an agent on `openai/gpt-4o-mini` with two sub-agents (billing and
 * support, by topic), so each turn runs the router and is answered by the billing sub-agent.
 */
export async function setUpTenant(agent: http.Agent, baseUrl: string): Promise<BenchTenant> {
  const suffix = randomBytes(4).toString('hex');
  const signup = await expectStatus(
    requestJson({
      agent,
      baseUrl,
      method: 'POST',
      path: '/v1/auth/signup',
      body: {
        email: `bench-${suffix}@bench.test`,
        password: `bench-password-${suffix}`,
        name: 'Bench Owner',
        client_name: `Bench Co ${suffix}`,
      },
    }),
    201,
    'signup',
  );
  const token = String(signup.body.access_token);
  const created = await expectStatus(
    requestJson({
      agent,
      baseUrl,
      method: 'POST',
      path: '/v1/agents',
      token,
      body: {
        name: 'Bench Assistant',
        system_prompt: 'You are the assistant of Bench Co. Be brief.',
        model: 'openai/gpt-4o-mini',
      },
    }),
    201,
    'create agent',
  );
  const agentId = String(created.body.id);
  const subAgents = [
    { name: 'Billing', system_prompt: BILLING_PROMPT, topics: ['billing', 'invoice', 'payment'] },
    {
      name: 'Support',
      system_prompt: 'You are the technical support of Bench Co. Answer briefly.',
      topics: ['support', 'bug', 'error'],
    },
  ];
  for (const subAgent of subAgents) {
    await expectStatus(
      requestJson({
        agent,
        baseUrl,
        method: 'POST',
        path: `/v1/agents/${agentId}/sub-agents`,
        token,
        body: { ...subAgent, model: 'openai/gpt-4o-mini' },
      }),
      201,
      'create sub-agent',
    );
  }
  return { token, agentId, answeringSystemPrompt: BILLING_PROMPT };
}

/** Opens `count` conversations with the tenant's agent (outside any timed section), `concurrency` at a time. */
export async function openConversations(
  agent: http.Agent,
  baseUrl: string,
  tenant: BenchTenant,
  count: number,
  concurrency = 8,
): Promise<string[]> {
  const ids: string[] = new Array(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const index = next++;
      const answer = await expectStatus(
        requestJson({
          agent,
          baseUrl,
          method: 'POST',
          path: `/v1/agents/${tenant.agentId}/conversations`,
          token: tenant.token,
        }),
        201,
        'open conversation',
      );
      ids[index] = String(answer.body.id);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return ids;
}

const CONTENT_FRAME = 'event: content\n';
const COMPLETE_FRAME = 'event: complete\n';
const ERROR_FRAME = 'event: error\n';

/**
 * One chat turn through Renum: `POST /v1/conversations/{id}/messages` with `Accept: text/event-stream`.
 * Times the first `event: content` frame and the `event: complete` frame from the moment the request
 * starts; resolves once the response has ended (so the connection is free for the next turn).
 */
export function renumTurn(options: {
  agent: http.Agent;
  baseUrl: string;
  token: string;
  conversationId: string;
  content: string;
}): Promise<TurnTiming> {
  const payload = JSON.stringify({ content: options.content });
  const url = new URL(`/v1/conversations/${options.conversationId}/messages`, options.baseUrl);
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let ttft = Number.NaN;
    let total = Number.NaN;
    let headers = Number.NaN;
    let firstEvent = Number.NaN;
    let failure: string | null = null;
    let tail = '';
    const request = http.request(
      url,
      {
        method: 'POST',
        agent: options.agent,
        headers: {
          accept: 'text/event-stream',
          authorization: `Bearer ${options.token}`,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload),
        },
      },
      (response) => {
        headers = performance.now() - started;
        if (response.statusCode !== 200) {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () =>
            reject(
              new Error(`send message: HTTP ${response.statusCode}: ${Buffer.concat(chunks).toString()}`),
            ),
          );
          return;
        }
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          const now = performance.now();
          // Search only the new text plus a short overlap, so a frame split across chunks is still seen.
          const text = tail + chunk;
          tail = text.slice(-32);
          if (Number.isNaN(firstEvent) && text.includes('event: ')) firstEvent = now - started;
          if (Number.isNaN(ttft) && text.includes(CONTENT_FRAME)) ttft = now - started;
          if (Number.isNaN(total) && text.includes(COMPLETE_FRAME)) total = now - started;
          if (failure === null && text.includes(ERROR_FRAME)) {
            const at = text.indexOf(ERROR_FRAME);
            failure = text.slice(at, at + 400);
          }
        });
        response.on('end', () => {
          if (failure !== null) reject(new Error(`run failed: ${failure}`));
          else if (Number.isNaN(total) || Number.isNaN(ttft))
            reject(new Error('stream ended without a content and a complete event'));
          else resolve({ ttft, total, headers, firstEvent });
        });
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(payload);
  });
}
