import { approvalRequests, messages, runs, withPlatform } from '@renum/db';
import { decideApproval, expireApproval, resumeApproval, ruleMatches } from '@renum/platform';
import { testDatabaseTargets } from '@renum/testing';
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestSession } from './test-app.ts';

/** A stored message's text (its content is text, or parts with text). */
const textOf = (message: { content: unknown }) =>
  typeof message.content === 'string' ? message.content : JSON.stringify(message.content);

// Postgres: concurrent decisions really race on two connections (PGlite has one).
const target = testDatabaseTargets()[1]!;

describe('approval rules on arguments', () => {
  it('flags a call above a threshold and not below, and the other way round', () => {
    expect(ruleMatches({ field: 'amount', op: 'gt', value: 1000 }, { amount: 1500 })).toBe(true);
    expect(ruleMatches({ field: 'amount', op: 'gt', value: 1000 }, { amount: 999 })).toBe(false);
    expect(ruleMatches({ field: 'amount', op: 'lt', value: 10 }, { amount: 5 })).toBe(true);
    expect(ruleMatches({ field: 'amount', op: 'lt', value: 10 }, { amount: 50 })).toBe(false);
    expect(
      ruleMatches({ field: 'order.status', op: 'eq', value: 'PAUSED' }, { order: { status: 'PAUSED' } }),
    ).toBe(true);
    expect(ruleMatches({ field: 'country', op: 'in', value: ['BR', 'PT'] }, { country: 'US' })).toBe(false);
    expect(ruleMatches({ field: 'to', op: 'matches', value: '^\\+55' }, { to: '+5511999990000' })).toBe(true);
    expect(ruleMatches({ field: 'amount', op: 'gt', value: 1000 }, { other: 5000 })).toBe(false);
  });
});

describe.skipIf(target.skipReason !== null)('approval of critical tool calls (issue 15)', () => {
  let t: TestApp;
  let owner: TestSession;
  let agentId: string;
  beforeAll(async () => {
    t = await createTestApp(target);
    owner = await t.signup();
    agentId = (
      await t.createAgent(owner.accessToken, {
        name: 'Caixa',
        system_prompt: 'You calculate.',
        model: 'offline/renum',
        tools: [{ name: 'calculator', critical: true }],
      })
    ).id;
  });
  afterAll(async () => t?.close());

  const api = (method: 'GET' | 'POST', url: string, body?: unknown, token = owner.accessToken) =>
    t.request({ method, url, token, ...(body === undefined ? {} : { body }) });

  /** Asks the agent for a calculation in a new conversation; answers the conversation and the pending request. */
  async function askForCalculation(expression = '1500 * 2', agent = agentId) {
    const conversationId = await t.openConversation(owner.accessToken, agent);
    const answer = await t.ask(owner.accessToken, conversationId, `calculate ${expression}`);
    await t.manager.drain();
    const pending = (
      await api('GET', `/v1/approvals?status=pending&conversation_id=${conversationId}`)
    ).json().data;
    return { conversationId, answer: answer.body, pending };
  }

  const approvalRow = async (id: string) =>
    (
      await withPlatform(t.deps.db, (tx) =>
        tx.select().from(approvalRequests).where(eq(approvalRequests.id, id)),
      )
    )[0]!;

  /** Waits until the decision's job has run and the model was told (the conversation's last user message). */
  async function settled(id: string, conversationId: string) {
    for (let attempt = 0; attempt < 400; attempt += 1) {
      const row = await approvalRow(id);
      const told = await withPlatform(t.deps.db, (tx) =>
        tx
          .select()
          .from(messages)
          .where(eq(messages.conversation_id, conversationId))
          .orderBy(asc(messages.id)),
      );
      const last = told.at(-1);
      if (told.some((message) => textOf(message).includes(`[approval ${id}]`)) && last?.role === 'assistant')
        return { row, messages: told };
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`approval ${id} was not carried out: ${JSON.stringify(await approvalRow(id))}`);
  }

  it('holds a critical call as a pending request with its event and notification; the tool does not run', async () => {
    const { answer, pending } = await askForCalculation();
    expect(pending).toHaveLength(1);
    const request = pending[0];
    expect(request).toMatchObject({
      tool: 'calculator',
      agent_id: agentId,
      status: 'pending',
      approver_roles: ['owner', 'admin'],
      default_outcome: 'reject',
      execution_status: null,
      result: null,
    });
    expect(request.warnings).toContain('calculator is marked critical');
    expect(JSON.stringify(request.arguments)).toContain('1500');
    expect(answer).toContain('"type":"approval_request"');
    expect(answer).toContain(request.id);
    expect(answer).toContain('pending_approval');
    expect(answer).not.toContain('3000');
    const notes = (await api('GET', '/v1/notifications')).json().data;
    expect(notes.some((note: { kind: string }) => note.kind === 'approval.requested')).toBe(true);
  });

  const runsOf = (conversationId: string) =>
    withPlatform(t.deps.db, (tx) =>
      tx.select().from(runs).where(eq(runs.conversation_id, conversationId)).orderBy(asc(runs.id)),
    );

  it('approves: the suspended run goes on once, the call runs once and the model is told; a second decision is refused', async () => {
    const { conversationId, pending, answer } = await askForCalculation('1500 * 2');
    const id = pending[0].id as string;
    // The run waits suspended, holding no process: no lease, no finish time, and its stream says so.
    const [waiting] = await runsOf(conversationId);
    expect(waiting).toMatchObject({ status: 'suspended', lease_token: null, finished_at: null });
    expect(answer).toContain('"status":"suspended"');
    expect((await api('GET', `/v1/runs/${waiting!.id}`)).json()).toMatchObject({ status: 'suspended' });
    const spentBefore = Number(waiting!.cost_usd);
    const tokensBefore = waiting!.tokens_input;
    const decided = await api('POST', `/v1/approvals/${id}/decision`, { decision: 'approve' });
    expect(decided.statusCode).toBe(200);
    expect(decided.json()).toMatchObject({
      status: 'approved',
      decided_by: owner.userId,
      decided_via: 'web',
    });
    const again = await api('POST', `/v1/approvals/${id}/decision`, { decision: 'reject' });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('APPROVAL_ALREADY_DECIDED');
    const { row, messages: told } = await settled(id, conversationId);
    expect(row.execution_status).toBe('executed');
    expect(row.reported_at).not.toBeNull();
    expect(JSON.stringify(row.result)).toContain('3000');
    const outcome = told.filter(
      (message) => message.role === 'user' && textOf(message).includes(`[approval ${id}]`),
    );
    expect(outcome).toHaveLength(1);
    // The same run went on (no second run): its answer after the decision, its usage added up.
    await t.manager.drain();
    const after = await runsOf(conversationId);
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({ id: waiting!.id, status: 'completed', suspensions: 1 });
    expect(outcome[0]!.run_id).toBe(waiting!.id);
    expect(told.at(-1)!.run_id).toBe(waiting!.id);
    expect(after[0]!.tokens_input).toBeGreaterThan(tokensBefore);
    expect(Number(after[0]!.cost_usd)).toBeGreaterThanOrEqual(spentBefore);
    // The job delivered again (at least once): nothing runs twice, no second message.
    await resumeApproval(
      { deps: t.deps, run: t.run, manager: t.manager },
      { approval_id: id, client_id: owner.clientId },
    );
    await t.manager.drain();
    const again2 = await settled(id, conversationId);
    expect(again2.row.updated_at).toEqual(row.updated_at);
    expect(again2.messages).toHaveLength(told.length);
    expect(await runsOf(conversationId)).toHaveLength(1);
  });

  it('rejects with a reason the model is told; the call never runs', async () => {
    const { conversationId, pending } = await askForCalculation('7 * 6');
    const id = pending[0].id as string;
    const decided = await api('POST', `/v1/approvals/${id}/decision`, {
      decision: 'reject',
      reason: 'Not this month',
    });
    expect(decided.json()).toMatchObject({ status: 'rejected', decision_reason: 'Not this month' });
    const { row, messages: told } = await settled(id, conversationId);
    expect(row.execution_status).toBeNull();
    const message = told.find(
      (entry) => entry.role === 'user' && textOf(entry).includes(`[approval ${id}]`),
    )!;
    expect(textOf(message)).toContain('NOT performed');
    expect(textOf(message)).toContain('Not this month');
  });

  it('approved after the run was stopped: the call never runs and no new run starts', async () => {
    const { conversationId, pending } = await askForCalculation('4321 * 2');
    const id = pending[0].id as string;
    const [waiting] = await runsOf(conversationId);
    const stopped = await api('POST', `/v1/runs/${waiting!.id}/stop`);
    expect(stopped.json()).toMatchObject({ status: 'stopped' });
    const decided = await api('POST', `/v1/approvals/${id}/decision`, { decision: 'approve' });
    expect(decided.statusCode).toBe(200);
    let row = await approvalRow(id);
    for (let attempt = 0; attempt < 400 && row.reported_at === null; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      row = await approvalRow(id);
    }
    expect(row).toMatchObject({ status: 'approved', execution_status: 'failed' });
    expect(JSON.stringify(row.result)).toContain('stopped before the decision');
    expect(JSON.stringify(row.result)).not.toContain('8642');
    // Delivered again: still not run.
    await resumeApproval(
      { deps: t.deps, run: t.run, manager: t.manager },
      { approval_id: id, client_id: owner.clientId },
    );
    await t.manager.drain();
    expect((await approvalRow(id)).execution_status).toBe('failed');
    const after = await runsOf(conversationId);
    expect(after.map((run) => run.status)).toEqual(['stopped']);
  });

  it('validates edited arguments against the tool schema and runs the edited call', async () => {
    const { conversationId, pending } = await askForCalculation('10 * 10');
    const id = pending[0].id as string;
    const bad = await api('POST', `/v1/approvals/${id}/decision`, {
      decision: 'approve',
      arguments: { expression: 42 },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('VALIDATION_ERROR');
    expect((await approvalRow(id)).status).toBe('pending');
    const good = await api('POST', `/v1/approvals/${id}/decision`, {
      decision: 'approve',
      arguments: { expression: '6 * 7' },
    });
    expect(good.statusCode).toBe(200);
    const { row } = await settled(id, conversationId);
    expect(JSON.stringify(row.result)).toContain('42');
    expect(JSON.stringify(row.result)).not.toContain('100');
  });

  it('lets one of two concurrent decisions win', async () => {
    const { pending } = await askForCalculation('3 * 3');
    const id = pending[0].id as string;
    const answers = await Promise.all([
      api('POST', `/v1/approvals/${id}/decision`, { decision: 'approve' }),
      api('POST', `/v1/approvals/${id}/decision`, { decision: 'reject', reason: 'no' }),
    ]);
    expect(answers.map((answer) => answer.statusCode).sort()).toEqual([200, 409]);
    const winner = answers.find((answer) => answer.statusCode === 200)!.json();
    expect((await approvalRow(id)).status).toBe(winner.status);
  });

  it('at the deadline escalates to the next group (notified), then rejects by default', async () => {
    const policy = await api('POST', '/v1/approval-policies', {
      agent_id: agentId,
      tool: 'calculator',
      timeout_seconds: 60,
      escalation_roles: ['member'],
    });
    expect(policy.statusCode).toBe(200);
    const { conversationId, pending } = await askForCalculation('4 * 4');
    const id = pending[0].id as string;
    const jobs = t.run.jobs;
    const first = await approvalRow(id);
    // A stale deadline (not the request's) changes nothing.
    await expireApproval(t.deps, jobs, {
      approval_id: id,
      client_id: owner.clientId,
      deadline_at: '2000-01-01T00:00:00.000Z',
    });
    expect((await approvalRow(id)).status).toBe('pending');
    await expireApproval(t.deps, jobs, {
      approval_id: id,
      client_id: owner.clientId,
      deadline_at: first.deadline_at.toISOString(),
    });
    const escalated = await approvalRow(id);
    expect(escalated).toMatchObject({ status: 'pending', approver_roles: ['member'] });
    expect(escalated.escalated_at).not.toBeNull();
    const notes = (await api('GET', '/v1/notifications')).json().data;
    expect(
      notes.some(
        (note: { kind: string; payload: { approval_id: string } }) =>
          note.kind === 'approval.escalated' && note.payload.approval_id === id,
      ),
    ).toBe(true);
    // The owner is no longer among the approvers.
    const refused = await api('POST', `/v1/approvals/${id}/decision`, { decision: 'approve' });
    expect(refused.statusCode).toBe(403);
    await expireApproval(t.deps, jobs, {
      approval_id: id,
      client_id: owner.clientId,
      deadline_at: escalated.deadline_at.toISOString(),
    });
    const { row, messages: told } = await settled(id, conversationId);
    expect(row).toMatchObject({ status: 'rejected', decided_via: 'deadline', execution_status: null });
    expect(textOf(told.at(-2)!)).toContain('rejected by default');
    // The team is told of the outcome, and that nobody decided it.
    const after = (await api('GET', '/v1/notifications')).json().data;
    expect(
      after.find(
        (note: { kind: string; payload: { approval_id: string } }) =>
          note.kind === 'approval.rejected' && note.payload.approval_id === id,
      )?.payload,
    ).toMatchObject({ via: 'deadline', decided_by: null, tool: 'calculator' });
    await api('POST', '/v1/approval-policies', { agent_id: agentId, tool: 'calculator' });
  });

  it('a policy rule flags a non-critical tool only when its arguments match', async () => {
    const plain = (
      await t.createAgent(owner.accessToken, {
        name: 'Contas',
        system_prompt: 'You calculate.',
        model: 'offline/renum',
        tools: [{ name: 'calculator', critical: false }],
      })
    ).id;
    const policy = await api('POST', '/v1/approval-policies', {
      agent_id: plain,
      tool: 'calculator',
      rules: [{ field: 'expression', op: 'matches', value: '\\d{4}' }],
    });
    expect(policy.statusCode).toBe(200);
    const small = await askForCalculation('12 + 30', plain);
    expect(small.pending).toEqual([]);
    expect(small.answer).toContain('42');
    const large = await askForCalculation('1000 + 2000', plain);
    expect(large.pending).toHaveLength(1);
    expect(large.pending[0].warnings).toEqual(['Policy rule matched: expression matches "\\\\d{4}"']);
    const badPattern = await api('POST', '/v1/approval-policies', {
      agent_id: plain,
      tool: 'calculator',
      rules: [{ field: 'expression', op: 'matches', value: '(a)\\1' }],
    });
    expect(badPattern.statusCode).toBe(400);
  });

  it("answers 404 for another client's requests; a member outside the approvers is refused", async () => {
    const { pending } = await askForCalculation('5 * 5');
    const id = pending[0].id as string;
    const other = await t.signup();
    for (const [method, url, body] of [
      ['GET', `/v1/approvals/${id}`, undefined],
      ['POST', `/v1/approvals/${id}/decision`, { decision: 'approve' }],
    ] as const) {
      const response = await api(method, url, body, other.accessToken);
      expect(response.statusCode, `${method} ${url}`).toBe(404);
      expect(response.json().code).toBe('APPROVAL_NOT_FOUND');
    }
    expect((await api('GET', '/v1/approvals', undefined, other.accessToken)).json().data).toEqual([]);
    const member = await t.joinAs(owner.accessToken, 'member');
    const refused = await api(
      'POST',
      `/v1/approvals/${id}/decision`,
      { decision: 'approve' },
      member.accessToken,
    );
    expect(refused.statusCode).toBe(403);
    expect((await approvalRow(id)).status).toBe('pending');
  });
  // Last: it stops the first process's workers.
  it('survives a restart while it waits: another process decides, its worker runs the call once', async () => {
    const { conversationId, pending } = await askForCalculation('11 * 11');
    const id = pending[0].id as string;
    // The first process's workers stop (as in a restart); a second process on the same database decides.
    // Nothing of the wait was held in memory.
    await t.jobs.stop({ graceMs: 1000 });
    const other = await createTestApp(target);
    try {
      await decideApproval(other.deps, {
        principal: {
          kind: 'user',
          userId: owner.userId,
          apiKeyId: null,
          clientId: owner.clientId,
          role: 'owner',
          platformRole: 'none',
        },
        run: other.run,
        approvalId: id,
        input: { decision: 'approve' },
      });
      const { row } = await settled(id, conversationId);
      expect(row.execution_status).toBe('executed');
      expect(JSON.stringify(row.result)).toContain('121');
      const runs = await withPlatform(t.deps.db, (tx) =>
        tx.select().from(messages).where(eq(messages.conversation_id, conversationId)),
      );
      expect(runs.filter((message) => message.role === 'user')).toHaveLength(2);
      // The run suspended on the first process went on, to its end, on the second.
      await other.manager.drain();
      const [resumed, ...more] = await runsOf(conversationId);
      expect(more).toEqual([]);
      expect(resumed).toMatchObject({ status: 'completed', suspensions: 1, claims: 1 });
    } finally {
      await other.close();
    }
  });
});
