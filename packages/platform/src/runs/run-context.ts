import { AppError } from '@renum/contracts';
import {
  agents,
  clients,
  contacts,
  conversations,
  credentials,
  messages,
  runs,
  subAgents,
  type Transaction,
} from '@renum/db';
import { and, desc, eq, sql } from 'drizzle-orm';
import { type RecalledFact, recallFacts } from '../memory/recall-facts.ts';
import { type HistoryTurn, selectHistory } from './history.ts';

type ConversationRow = typeof conversations.$inferSelect;

/**
 * What a run reads from the database besides its own rows: the agent and its active sub-agents,
 * the client's name, the contact and what is remembered about them, and the conversation's recent
 * turns split by the history budget. Loaded once, in the transaction that creates the run, so
 * executing it needs no further reads.
 */
export async function loadRunInputs(
  tx: Transaction,
  options: {
    conversation: ConversationRow;
    /** The user's message: history is what came before it. */
    userText: string;
    /** Id of the user's message when it is already stored (recovery); else every stored message is history. */
    beforeMessageId?: string | undefined;
    historyTokenBudget: number;
  },
) {
  const { conversation } = options;
  // One statement: the agent, its client's name, its active sub-agents (as JSON), and which model
  // providers the client stored a key of its own for (so the usual case, none, costs no lookup).
  const [row] = await tx
    .select({
      agent: agents,
      clientName: clients.name,
      subAgents: sql<SubAgentJson[]>`coalesce((select json_agg(s order by s.id) from ${subAgents} s
        where s.agent_id = "agents"."id" and s.is_active), '[]'::json)`,
      ownKeyServices: sql<string[]>`array(select distinct c.service from ${credentials} c
        where c.service in ('openai', 'anthropic'))`,
    })
    .from(agents)
    .innerJoin(clients, eq(clients.id, agents.client_id))
    .where(eq(agents.id, conversation.agent_id));
  if (!row)
    throw new AppError('AGENT_NOT_FOUND', 'Agent not found', {
      context: { agent_id: conversation.agent_id },
    });
  const activeSubAgents = row.subAgents.map(subAgentFromJson);
  const history = await selectHistory(tx, {
    conversationId: conversation.id,
    beforeMessageId: options.beforeMessageId,
    summarizedThrough: conversation.summary_through_message_id,
    budget: options.historyTokenBudget,
  });
  let contact: typeof contacts.$inferSelect | null = null;
  let facts: RecalledFact[] = [];
  if (conversation.contact_id) {
    [contact = null] = await tx.select().from(contacts).where(eq(contacts.id, conversation.contact_id));
    facts = await recallFacts(tx, {
      agentId: conversation.agent_id,
      contactId: conversation.contact_id,
      query: options.userText,
      limit: 8,
    });
  }
  return {
    agent: row.agent,
    clientName: row.clientName,
    activeSubAgents,
    ownKeyServices: row.ownKeyServices,
    history,
    contact,
    facts,
  };
}

type SubAgentRow = typeof subAgents.$inferSelect;
type SubAgentJson = Omit<SubAgentRow, 'created_at' | 'updated_at'> & {
  created_at: string;
  updated_at: string;
};

/** A sub-agent row read as JSON (`json_agg`) back to the shape Drizzle gives. */
function subAgentFromJson(json: SubAgentJson): SubAgentRow {
  return { ...json, created_at: new Date(json.created_at), updated_at: new Date(json.updated_at) };
}

/** What {@link loadRunInputs} returns. */
export type RunInputs = Awaited<ReturnType<typeof loadRunInputs>>;

/** Everything executing a run needs. */
export interface RunContext extends RunInputs {
  run: typeof runs.$inferSelect;
  conversation: ConversationRow;
  userMessage: typeof messages.$inferSelect;
  /**
   * The client's own key for `model`, looked up when the run was created (null: it has none, the
   * platform's key is used). Absent when not looked up; a different answering model is looked up
   * again.
   */
  clientKey?: { model: string; apiKey: string | null } | undefined;
}

/** Recent turns of the conversation before the run's message, split by the history budget. */
export type RunHistory = { included: HistoryTurn[]; overflow: HistoryTurn[] };

/** Loads a run's context from its rows, so a run can start in any process (recovery, queued runs). */
export async function loadRunContext(
  tx: Transaction,
  runId: string,
  options: { historyTokenBudget: number },
): Promise<RunContext> {
  const [run] = await tx.select().from(runs).where(eq(runs.id, runId));
  if (!run?.conversation_id)
    throw new AppError('RUN_NOT_FOUND', 'Run not found', { context: { run_id: runId } });
  const [conversation] = await tx
    .select()
    .from(conversations)
    .where(eq(conversations.id, run.conversation_id));
  const [userMessage] = await tx
    .select()
    .from(messages)
    .where(and(eq(messages.run_id, run.id), eq(messages.role, 'user')))
    .orderBy(desc(messages.id))
    .limit(1);
  if (!conversation || !userMessage)
    throw new AppError('RUN_NOT_FOUND', 'Run not found', { context: { run_id: runId } });
  const inputs = await loadRunInputs(tx, {
    conversation,
    userText: userMessage.text ?? '',
    beforeMessageId: userMessage.id,
    historyTokenBudget: options.historyTokenBudget,
  });
  return { ...inputs, run, conversation, userMessage };
}
