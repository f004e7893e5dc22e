import { truncateText } from '@renum/contracts';
import type { conversations, messages, runs } from '@renum/db';

/**
 * The rows a send stores, built in full in the process (every column given, so nothing is read back):
 * the run, `queued` (whichever worker claims its job executes it, ADR 0009) or, with `claim`, already
 * `running` under this process's lease, the user's message, and the conversation as updated (last message
 * time, title from the first message, numbers reserved for the claimed run's events).
 */
export function sendRows(options: {
  ids: { run: string; message: string };
  now: Date;
  clientId: string;
  conversation: typeof conversations.$inferSelect;
  agent: { executor: string };
  model: string;
  subAgentId: string | null;
  content: string;
  idempotencyKey: string | null;
  /** The team execution the run is a step of (a team step's run). @defaultValue null */
  executionId?: string | null | undefined;
  /** The JSON schema the answer must satisfy (a team step's `output_schema`). @defaultValue null */
  outputSchema?: Record<string, unknown> | null | undefined;
  /** The W3C `traceparent` the run's spans join (ADR 0069). @defaultValue null */
  traceParent?: string | null | undefined;
  /** Stored already claimed by this process (local pick-up): its lease, and its block of numbers. */
  claim?:
    | { leaseToken: string; owner: string; leaseMs: number; seq: { first: number; last: number } }
    | undefined;
}) {
  const { now, clientId, conversation, claim } = options;
  const run: typeof runs.$inferSelect = {
    id: options.ids.run,
    client_id: clientId,
    conversation_id: conversation.id,
    agent_id: conversation.agent_id,
    sub_agent_id: options.subAgentId,
    status: claim ? 'running' : 'queued',
    executor: options.agent.executor, // chosen per agent
    model: options.model,
    attempts: 0,
    error_code: null,
    error_message: null,
    routing_error: null,
    lease_owner: claim?.owner ?? null,
    lease_expires_at: claim ? new Date(now.getTime() + claim.leaseMs) : null,
    lease_token: claim?.leaseToken ?? null,
    cancel_requested_at: null,
    claims: claim ? 1 : 0,
    suspensions: 0,
    checkpoint: null,
    idempotency_key: options.idempotencyKey,
    execution_id: options.executionId ?? null,
    output_schema: options.outputSchema ?? null,
    trace_parent: options.traceParent ?? null,
    tokens_input: 0,
    tokens_output: 0,
    cost_usd: '0',
    queued_at: now,
    started_at: claim ? now : null,
    first_token_at: null,
    finished_at: null,
    created_at: now,
    updated_at: now,
  };
  const message: typeof messages.$inferSelect = {
    id: options.ids.message,
    client_id: clientId,
    conversation_id: conversation.id,
    run_id: run.id,
    role: 'user',
    content: [{ type: 'text', text: options.content }],
    text: options.content,
    sub_agent_id: null,
    tokens_input: 0,
    tokens_output: 0,
    author_user_id: null,
    author_name: null,
    citations: null,
    created_at: now,
  };
  const updated = {
    ...conversation,
    last_message_at: now,
    title: conversation.title ?? truncateText(options.content, 80),
    seq_reserved: claim ? claim.seq.last : conversation.seq_reserved,
  };
  return { run, message, conversation: updated };
}
