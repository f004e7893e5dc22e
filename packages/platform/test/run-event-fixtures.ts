import { randomUUID } from 'node:crypto';
import type { RunEventDraft } from '@renum/contracts';
import {
  agents,
  clients,
  conversations,
  type DatabaseHandle,
  runs,
  withClient,
  withPlatform,
} from '@renum/db';

/** A `content` event draft carrying `text`. */
export const content = (text: string): RunEventDraft => ({ type: 'content', content: text }) as RunEventDraft;

/** A `complete` event draft with a small usage. */
export const complete = (): RunEventDraft =>
  ({
    type: 'complete',
    content: 'done',
    message_id: null,
    usage: { input_tokens: 1, output_tokens: 2, total_tokens: 3, cost_usd: 0 },
  }) as RunEventDraft;

/** The client and agent the runs of a run-event test belong to. */
export interface RunOwner {
  clientId: string;
  agentId: string;
}

/** Inserts the client `owner.clientId` and its agent `owner.agentId`. */
export async function insertRunOwner(
  db: DatabaseHandle['db'],
  { clientId, agentId }: RunOwner,
): Promise<void> {
  await withPlatform(db, (tx) =>
    tx.insert(clients).values({ id: clientId, name: 'C', slug: `c-${clientId}` }),
  );
  await withClient(db, clientId, (tx) =>
    tx.insert(agents).values({
      id: agentId,
      client_id: clientId,
      name: 'A',
      slug: `a-${agentId}`,
      model: 'm',
      system_prompt: 'p',
    }),
  );
}

/** Inserts a run of the owner's agent in `status`, in a new conversation unless `conversationId` is given. */
export async function insertRun(
  db: DatabaseHandle['db'],
  owner: RunOwner,
  options: { status: 'running' | 'completed'; conversationId?: string | undefined },
): Promise<{ conversationId: string; runId: string }> {
  const ids = { conversationId: options.conversationId ?? randomUUID(), runId: randomUUID() };
  await withClient(db, owner.clientId, async (tx) => {
    if (!options.conversationId)
      await tx
        .insert(conversations)
        .values({ id: ids.conversationId, client_id: owner.clientId, agent_id: owner.agentId });
    await tx.insert(runs).values({
      id: ids.runId,
      client_id: owner.clientId,
      conversation_id: ids.conversationId,
      agent_id: owner.agentId,
      model: 'm',
      status: options.status,
    });
  });
  return ids;
}
