import { randomUUID } from 'node:crypto';
import {
  agentKnowledgeBases,
  agents,
  clientDataKeys,
  conversations,
  credentials,
  knowledgeBases,
  promptTemplates,
  promptTemplateVersions,
  subAgents,
  withClient,
} from '@renum/db';
import { testDatabaseTargets } from '@renum/testing';
import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type AgentInputsJson,
  agentAndClientInputs,
  agentInputsSql,
  type ClientInputsJson,
  clientInputsSql,
  loadRunInputs,
  newConversationInputs,
} from '../src/runs/run-context.ts';
import { withRunOwner } from './run-event-fixtures.ts';

/**
 * ADR 0076: a team step's run gets its inputs from the step's record read (its agent's and client's parts)
 * instead of reading them after storing its conversation. Both ways must give the run the same inputs:
 * the template's body as the system prompt, the active sub-agents only, the knowledge flag, the client's
 * name, its own model keys and the settings' stamp.
 */
for (const target of testDatabaseTargets()) {
  describe.skipIf(target.skipReason !== null)(`a step run's inputs read beforehand (${target.name})`, () => {
    const suite = withRunOwner(target);
    const { owner } = suite;
    const now = new Date();

    beforeAll(async () => {
      await withClient(suite.db, owner.clientId, async (tx) => {
        const clientId = owner.clientId;
        const template = { id: randomUUID(), version: randomUUID() };
        await tx.insert(promptTemplates).values({ id: template.id, client_id: clientId, name: 'T' });
        await tx.insert(promptTemplateVersions).values({
          id: template.version,
          client_id: clientId,
          template_id: template.id,
          version: 1,
          body: 'You answer from the template.',
        });
        await tx
          .update(agents)
          .set({ prompt_template_version_id: template.version })
          .where(eq(agents.id, owner.agentId));
        const subAgent = (name: string, active: boolean) => ({
          id: randomUUID(),
          client_id: clientId,
          agent_id: owner.agentId,
          name,
          model: 'm',
          system_prompt: name,
          topics: [name],
          is_active: active,
        });
        await tx.insert(subAgents).values([subAgent('billing', true), subAgent('retired', false)]);
        const base = randomUUID();
        await tx.insert(knowledgeBases).values({ id: base, client_id: clientId, name: 'KB' });
        await tx.insert(agentKnowledgeBases).values({
          id: randomUUID(),
          client_id: clientId,
          agent_id: owner.agentId,
          knowledge_base_id: base,
        });
        // A stored key (its secret is not read here: only that the client holds one for the service).
        await tx
          .insert(clientDataKeys)
          .values({ client_id: clientId, dek_version: 1, kek_version: '1', record: {} });
        await tx.insert(credentials).values({
          id: randomUUID(),
          client_id: clientId,
          service: 'openai',
          name: 'own key',
          secret: {},
          dek_version: 1,
          field_names: ['api_key'],
          masked: '…abcd',
        });
      });
    });

    it('gives the run the same inputs as reading them after its conversation is stored', async () => {
      const budget = 4000;
      const [before, after] = await withClient(suite.db, owner.clientId, async (tx) => {
        const read = await tx.execute(sql`select row_to_json(a) as agent_row,
            ${agentInputsSql(sql`a`)} as agent_json,
            ${clientInputsSql(sql`${owner.clientId}::uuid`)} as client_json
          from agents a where a.id = ${owner.agentId}`);
        const row = (read as unknown as { rows: Record<string, unknown>[] }).rows[0]!;
        const [agent] = await tx.select().from(agents).where(eq(agents.id, owner.agentId));
        const known = agentAndClientInputs(
          agent!,
          row.agent_json as AgentInputsJson,
          row.client_json as ClientInputsJson,
        );
        const conversationId = randomUUID();
        await tx
          .insert(conversations)
          .values({ id: conversationId, client_id: owner.clientId, agent_id: owner.agentId });
        const loaded = await loadRunInputs(tx, {
          conversationId,
          lock: false,
          userText: 'hello',
          historyTokenBudget: budget,
          now,
        });
        return [newConversationInputs(known, { historyTokenBudget: budget, now }), loaded!] as const;
      });
      const { conversation: _conversation, busyRunId: _busy, ...read } = after;
      expect(before).toEqual(read);
      expect(before.agent.system_prompt).toBe('You answer from the template.');
      expect(before.activeSubAgents.map((subAgent) => subAgent.name)).toEqual(['billing']);
      expect(before.hasKnowledge).toBe(true);
      expect(before.ownKeyServices).toEqual(['openai']);
      expect(before.clientName).toBe('C');
    });
  });
}
