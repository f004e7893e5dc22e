import {
  AppError,
  type WizardStep1,
  type WizardStep2,
  type WizardStep3,
  type WizardStep4,
} from '@renum/contracts';
import { agentKnowledgeBases, type agents, credentials, knowledgeBases, type Transaction } from '@renum/db';
import { and, eq, inArray, isNull } from 'drizzle-orm';
import { resolveAgentTools } from '../agents/agent-tools.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import { assertPromptVariables } from '../prompts/assert-prompt-variables.ts';
import { generateSystemPrompt } from './generate-system-prompt.ts';
import { fieldError } from './wizard-errors.ts';
import { readWizardSteps, stepKey, wizardLanguage } from './wizard-state.ts';

type AgentRow = typeof agents.$inferSelect;
type AgentChanges = Partial<typeof agents.$inferInsert>;

/** Config keys the wizard keeps for itself; a custom field may not take them. */
const reservedKeyPattern = /^(step_\d+_data|wizard_.*)$/;

/**
 * The system prompt for `config` once steps 1 and 2 exist (so every step that feeds the prompt keeps
 * it in step); before that, the agent keeps its placeholder prompt.
 */
export function promptFor(config: Record<string, unknown>): string | undefined {
  const steps = readWizardSteps(config);
  if (!steps[1] || !steps[2]) return undefined;
  return generateSystemPrompt({
    language: wizardLanguage(config, steps),
    step1: steps[1],
    step2: steps[2],
    step3: steps[3],
  });
}

/** Step 1: the agent's name, description and template. */
export function applyStep1(row: AgentRow, data: WizardStep1): AgentChanges {
  return {
    name: data.name,
    description: data.description ?? null,
    template_type: data.template,
    config: { ...row.config, [stepKey(1)]: data },
  };
}

/** Step 2: personality and tone; free instructions may use only variables the agent can fill. */
export function applyStep2(row: AgentRow, data: WizardStep2): AgentChanges {
  const config = { ...row.config, [stepKey(2)]: data };
  if (data.instructions) {
    try {
      assertPromptVariables({ text: data.instructions, agentConfig: config, field: 'body.instructions' });
    } catch (error) {
      if (!AppError.isInstance(error)) throw error;
      throw fieldError('body.instructions', error.message, error);
    }
  }
  return { config };
}

/** Step 3: custom fields become top-level config values, the prompt's `{{config.<key>}}` variables. */
export function applyStep3(row: AgentRow, data: WizardStep3): AgentChanges {
  data.fields.forEach((field, index) => {
    if (reservedKeyPattern.test(field.key)) {
      throw fieldError(`body.fields.${index}.key`, 'this key is reserved by the wizard');
    }
  });
  const config = { ...row.config };
  for (const old of readWizardSteps(row.config)[3]?.fields ?? []) delete config[old.key];
  for (const field of data.fields) config[field.key] = field.value;
  config[stepKey(3)] = data;
  return { config };
}

async function assertWhatsAppCredential(tx: Transaction, credentialId: string): Promise<void> {
  const [found] = await tx
    .select({ service: credentials.service })
    .from(credentials)
    .where(eq(credentials.id, credentialId.toLowerCase()));
  if (!found) throw fieldError('body.whatsapp.credential_id', 'no such credential');
  if (found.service !== 'whatsapp') {
    throw fieldError('body.whatsapp.credential_id', 'this credential is not a WhatsApp credential');
  }
}

async function attachKnowledgeBases(
  deps: PlatformDeps,
  tx: Transaction,
  options: { row: AgentRow; ids: readonly string[] },
): Promise<void> {
  const ids = options.ids.map((id) => id.toLowerCase());
  const found = ids.length
    ? await tx.select({ id: knowledgeBases.id }).from(knowledgeBases).where(inArray(knowledgeBases.id, ids))
    : [];
  ids.forEach((id, index) => {
    if (!found.some((row) => row.id === id)) {
      throw fieldError(`body.knowledge_base_ids.${index}`, 'no such knowledge base');
    }
    if (ids.indexOf(id) !== index) throw fieldError(`body.knowledge_base_ids.${index}`, 'listed twice');
  });
  await tx
    .delete(agentKnowledgeBases)
    .where(and(eq(agentKnowledgeBases.agent_id, options.row.id), isNull(agentKnowledgeBases.sub_agent_id)));
  if (ids.length === 0) return;
  await tx.insert(agentKnowledgeBases).values(
    ids.map((knowledgeBaseId) => ({
      id: deps.newId(),
      client_id: options.row.client_id,
      agent_id: options.row.id,
      sub_agent_id: null,
      knowledge_base_id: knowledgeBaseId,
    })),
  );
}

/**
 * Step 4: channel, tools (validated against the catalog), knowledge bases (replacing the agent's own
 * attachments) and the WhatsApp number. Visibility is stored here and applied when publishing.
 */
export async function applyStep4(
  deps: PlatformDeps,
  tx: Transaction,
  options: { row: AgentRow; data: WizardStep4 },
): Promise<AgentChanges> {
  const { row, data } = options;
  const tools = resolveAgentTools(data.tools);
  if (data.whatsapp) await assertWhatsAppCredential(tx, data.whatsapp.credential_id);
  await attachKnowledgeBases(deps, tx, { row, ids: data.knowledge_base_ids });
  return {
    channel: data.channel,
    tools,
    allowed_origins: data.allowed_origins,
    config: { ...row.config, [stepKey(4)]: data },
  };
}
