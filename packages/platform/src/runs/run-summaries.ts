import {
  type RunNoteCode,
  type RunNoteParams,
  runMessagePreviewLength,
  truncateText,
} from '@renum/contracts';
import { agents, messages, type runs, subAgents, type Transaction } from '@renum/db';
import { and, eq, inArray } from 'drizzle-orm';
import { routingErrorNote } from './route-run.ts';

/** What a person reads a run by, beside its own columns. */
export interface RunNames {
  agent_name: string | null;
  sub_agent_name: string | null;
  message_preview: string | null;
  routing_error_code: RunNoteCode | null;
  routing_error_params: RunNoteParams | null;
}

/**
 * The agent's and sub-agent's names and the start of the answered message of each run, by run id. Three
 * statements in the caller's client-scoped transaction, so row-level security keeps another client's
 * names and messages out; the messages are looked up through their conversations' index.
 */
export async function runNames(
  tx: Transaction,
  rows: ReadonlyArray<
    Pick<typeof runs.$inferSelect, 'id' | 'agent_id' | 'sub_agent_id' | 'conversation_id' | 'routing_error'>
  >,
): Promise<Map<string, RunNames>> {
  const names = new Map<string, RunNames>();
  if (rows.length === 0) return names;
  const agentIds = unique(rows.map((row) => row.agent_id));
  const subAgentIds = unique(rows.flatMap((row) => (row.sub_agent_id ? [row.sub_agent_id] : [])));
  const conversationIds = unique(rows.flatMap((row) => (row.conversation_id ? [row.conversation_id] : [])));
  // One after the other: a transaction runs one statement at a time anyway.
  const agentRows = await tx
    .select({ id: agents.id, name: agents.name })
    .from(agents)
    .where(inArray(agents.id, agentIds));
  const subAgentRows =
    subAgentIds.length === 0
      ? []
      : await tx
          .select({ id: subAgents.id, name: subAgents.name })
          .from(subAgents)
          .where(inArray(subAgents.id, subAgentIds));
  const messageRows =
    conversationIds.length === 0
      ? []
      : await tx
          .select({ runId: messages.run_id, text: messages.text })
          .from(messages)
          .where(
            and(
              inArray(messages.conversation_id, conversationIds),
              inArray(
                messages.run_id,
                rows.map((row) => row.id),
              ),
              eq(messages.role, 'user'),
            ),
          );
  const agentName = new Map(agentRows.map((row) => [row.id, row.name]));
  const subAgentName = new Map(subAgentRows.map((row) => [row.id, row.name]));
  const preview = new Map<string, string>();
  for (const row of messageRows) {
    if (row.runId && row.text && !preview.has(row.runId))
      preview.set(
        row.runId,
        truncateText(row.text.replace(/\s+/g, ' ').trim(), runMessagePreviewLength, { ellipsis: '…' }),
      );
  }
  for (const row of rows) {
    names.set(row.id, {
      agent_name: agentName.get(row.agent_id) ?? null,
      sub_agent_name: row.sub_agent_id ? (subAgentName.get(row.sub_agent_id) ?? null) : null,
      message_preview: preview.get(row.id) ?? null,
      ...routingErrorFields(row.routing_error),
    });
  }
  return names;
}

function routingErrorFields(routingError: string | null) {
  const note = routingErrorNote(routingError);
  return {
    routing_error_code: note?.content_code ?? null,
    routing_error_params: note?.content_params ?? null,
  };
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
