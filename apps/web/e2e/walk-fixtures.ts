import type { Page } from 'playwright-core';
import { api } from './harness.ts';

interface Status {
  id: string;
  status: string;
}

/** Reads `path` until its `status` is none of `pending`; the last answer. */
async function settled(page: Page, path: string, pending: string[]): Promise<Status> {
  for (let attempt = 0; attempt < 600; attempt++) {
    const row = await api<Status>(page, 'GET', path);
    if (!pending.includes(row.status)) return row;
    await page.waitForTimeout(100);
  }
  throw new Error(`${path} stayed ${pending.join(' or ')}`);
}

/** A finished run of the agent, routed to a sub-agent, in a conversation with a contact. */
async function runAndContact(page: Page, agentId: string) {
  await api(page, 'POST', `/v1/agents/${agentId}/sub-agents`, {
    name: 'Billing',
    system_prompt: 'You answer billing questions.',
    topics: ['invoice', 'fatura'],
  });
  const conversation = await api<{ id: string; contact_id: string }>(
    page,
    'POST',
    `/v1/agents/${agentId}/conversations`,
    { contact: { external_id: 'wa:5511900000042', name: 'Maria Silva' } },
  );
  const sent = await api<{ run_id: string }>(page, 'POST', `/v1/conversations/${conversation.id}/messages`, {
    content: 'My invoice came twice this month',
  });
  await settled(page, `/v1/runs/${sent.run_id}`, ['queued', 'running']);
  return { runId: sent.run_id, contactId: conversation.contact_id };
}

/** A one-step team and a finished execution of it. */
async function teamAndExecution(page: Page, agentId: string) {
  const team = await api<{ id: string }>(page, 'POST', '/v1/teams', {
    name: 'Front desk',
    workflow_definition: {
      type: 'sequential',
      agents: [{ agent_id: agentId, role: 'receptionist', input: { source: 'initial_prompt' } }],
    },
  });
  const started = await api<{ execution_id: string }>(page, 'POST', `/v1/teams/${team.id}/executions`, {
    initial_prompt: 'Greet the customer',
  });
  await settled(page, `/v1/team-executions/${started.execution_id}`, ['pending', 'queued', 'running']);
  return { teamId: team.id, executionId: started.execution_id };
}

/**
 * Creates, through the API, one of each thing a builder page needs an id for (a run with its sub-agent
 * and contact, a team and its execution, a prompt template, a knowledge base with a document, a
 * credential and an API key), so the
 * axe and no-English walks open those pages too. Answers the route params, keyed as the router names them.
 */
export async function createWalkFixtures(page: Page, agentId: string): Promise<Record<string, string>> {
  const { runId, contactId } = await runAndContact(page, agentId);
  const { teamId, executionId } = await teamAndExecution(page, agentId);
  const template = await api<{ id: string }>(page, 'POST', '/v1/prompt-templates', {
    name: 'Support tone',
    body: 'Answer kindly and briefly.',
  });
  const base = await api<{ id: string }>(page, 'POST', '/v1/knowledge-bases', { name: 'Handbook' });
  await api(page, 'POST', `/v1/knowledge-bases/${base.id}/documents`, {
    kind: 'text',
    title: 'Returns',
    text: 'Products can be returned within 30 days of delivery.',
  });
  // Rows for the tables whose actions must fit a phone: a credential and an API key.
  await api(page, 'POST', '/v1/credentials', {
    service: 'tavily',
    name: 'Search key',
    secret: { api_key: 'tvly-walk-fixture-0001' },
  });
  await api(page, 'POST', '/v1/api-keys', { name: 'CRM integration', role: 'member' });
  return { runId, contactId, teamId, executionId, templateId: template.id, baseId: base.id };
}
