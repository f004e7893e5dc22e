import { AppError } from '@renum/contracts';
import { agents, conversations, messages, runs, subAgents, type Transaction } from '@renum/db';
import { and, asc, desc, eq } from 'drizzle-orm';

/** Everything executing a run needs, loaded from its rows (so a run can start in any process). */
export async function loadRunContext(tx: Transaction, runId: string) {
  const [run] = await tx.select().from(runs).where(eq(runs.id, runId));
  if (!run?.conversation_id)
    throw new AppError('RUN_NOT_FOUND', 'Run not found', { context: { run_id: runId } });
  const [conversation] = await tx
    .select()
    .from(conversations)
    .where(eq(conversations.id, run.conversation_id));
  const [agent] = await tx.select().from(agents).where(eq(agents.id, run.agent_id));
  if (!conversation || !agent)
    throw new AppError('RUN_NOT_FOUND', 'Run not found', { context: { run_id: runId } });
  const activeSubAgents = await tx
    .select()
    .from(subAgents)
    .where(and(eq(subAgents.agent_id, agent.id), eq(subAgents.is_active, true)))
    .orderBy(asc(subAgents.id));
  const [userMessage] = await tx
    .select()
    .from(messages)
    .where(and(eq(messages.run_id, run.id), eq(messages.role, 'user')))
    .orderBy(desc(messages.id))
    .limit(1);
  if (!userMessage) throw new AppError('RUN_NOT_FOUND', 'Run has no message', { context: { run_id: runId } });
  return { run, conversation, agent, activeSubAgents, userMessage };
}

/** The loaded context of a run. */
export type RunContext = Awaited<ReturnType<typeof loadRunContext>>;
