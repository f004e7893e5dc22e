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
import type { TestDatabaseTarget } from '@renum/testing';
import { afterAll, beforeAll } from 'vitest';

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

/**
 * For a suite: opens `target` before its tests, with a new client and agent in it (`owner`), and closes it
 * after them. `db` is the open database (read it inside hooks and tests).
 */
export function withRunOwner(target: TestDatabaseTarget): {
  owner: RunOwner;
  readonly db: DatabaseHandle['db'];
} {
  let handle: DatabaseHandle | undefined;
  const owner = { clientId: randomUUID(), agentId: randomUUID() };
  beforeAll(async () => {
    handle = await target.open();
    await insertRunOwner(handle.db, owner);
  });
  afterAll(async () => handle?.close());
  return {
    owner,
    get db() {
      if (!handle) throw new Error('the database is open only inside the suite’s hooks and tests');
      return handle.db;
    },
  };
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
