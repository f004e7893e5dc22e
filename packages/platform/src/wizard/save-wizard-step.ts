import type { WizardState, WizardStep1, WizardStep2, WizardStep3, WizardStep4 } from '@renum/contracts';
import { agents, type Transaction, withClient } from '@renum/db';
import { eq } from 'drizzle-orm';
import { agentNotFound, parseAgentId } from '../agents/agent-id.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requireRole } from '../principal.ts';
import { applyStep1, applyStep2, applyStep3, applyStep4, promptFor } from './apply-wizard-step.ts';
import { wizardStateOf } from './wizard-state.ts';

/** One step's number and its parsed body. */
export type WizardStepInput =
  | { step: 1; data: WizardStep1 }
  | { step: 2; data: WizardStep2 }
  | { step: 3; data: WizardStep3 }
  | { step: 4; data: WizardStep4 };

/** Loads the agent with a row lock, so two autosaves of one wizard apply one after the other. */
export async function lockAgent(tx: Transaction, agentId: string) {
  const id = parseAgentId(agentId);
  const [row] = await tx.select().from(agents).where(eq(agents.id, id)).for('update');
  if (!row) throw agentNotFound(agentId);
  return row;
}

/**
 * Saves one step of the wizard into `config.step_N_data` (seed 003 flow 1) and applies it to the agent;
 * steps may be saved in any order and again. Once steps 1 and 2 exist, every save rewrites the system
 * prompt from them, so the sandbox and a published agent answer with the new prompt at once.
 */
export async function saveWizardStep(
  deps: PlatformDeps,
  options: { principal: Principal; agentId: string; input: WizardStepInput },
): Promise<WizardState> {
  const { clientId } = requireRole(options.principal, ['owner', 'admin', 'member']);
  return withClient(deps.db, clientId, async (tx) => {
    const row = await lockAgent(tx, options.agentId);
    const { input } = options;
    let changes: Partial<typeof agents.$inferInsert>;
    switch (input.step) {
      case 1:
        changes = applyStep1(row, input.data);
        break;
      case 2:
        changes = applyStep2(row, input.data);
        break;
      case 3:
        changes = applyStep3(row, input.data);
        break;
      case 4:
        changes = await applyStep4(deps, tx, { row, data: input.data });
        break;
    }
    const prompt = promptFor(changes.config ?? row.config);
    const [updated] = await tx
      .update(agents)
      .set({
        ...changes,
        ...(prompt === undefined ? {} : { system_prompt: prompt }),
        updated_at: deps.clock(),
      })
      .where(eq(agents.id, row.id))
      .returning();
    await recordAudit(tx, {
      id: deps.newId(),
      actor: options.principal,
      entry: {
        action: 'agent.wizard_step',
        targetType: 'agent',
        targetId: row.id,
        clientId,
        data: { step: input.step },
      },
    });
    return wizardStateOf(updated!);
  });
}

/** The wizard's state for an agent (to resume a wizard left half-way). */
export async function getWizard(
  deps: PlatformDeps,
  options: { principal: Principal; agentId: string },
): Promise<WizardState> {
  const { clientId } = requireRole(options.principal, ['owner', 'admin', 'member']);
  return withClient(deps.db, clientId, async (tx) => {
    const [row] = await tx
      .select()
      .from(agents)
      .where(eq(agents.id, parseAgentId(options.agentId)));
    if (!row) throw agentNotFound(options.agentId);
    return wizardStateOf(row);
  });
}
