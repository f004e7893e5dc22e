import type { WizardStart, WizardState } from '@renum/contracts';
import { withClient } from '@renum/db';
import { insertWithUniqueSlug } from '../agents/create-agent.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requireRole } from '../principal.ts';
import { wizardStateOf } from './wizard-state.ts';

const placeholder = {
  en: { name: 'New agent', prompt: 'You are a helpful assistant.' },
  'pt-BR': { name: 'Novo agente', prompt: 'Você é um assistente prestativo.' },
} as const;

/**
 * Starts the wizard (seed 003 flow 1): creates the agent as a `draft` with a placeholder name and
 * prompt, so the sandbox can talk to it from the first step; its id is the wizard's id.
 */
export async function startWizard(
  deps: PlatformDeps,
  options: { principal: Principal; input: WizardStart },
): Promise<WizardState> {
  const { clientId } = requireRole(options.principal, ['owner', 'admin', 'member']);
  const language = options.input.language ?? 'en';
  return withClient(deps.db, clientId, async (tx) => {
    const row = await insertWithUniqueSlug(tx, {
      publicUrlOf: () => null,
      values: {
        id: deps.newId(),
        client_id: clientId,
        name: placeholder[language].name,
        slug: '',
        model: deps.defaultModel,
        system_prompt: placeholder[language].prompt,
        channel: 'web',
        status: 'draft',
        is_public: false,
        config: { wizard_language: language },
      },
    });
    await recordAudit(tx, {
      id: deps.newId(),
      actor: options.principal,
      entry: { action: 'agent.wizard_start', targetType: 'agent', targetId: row.id, clientId, data: {} },
    });
    return wizardStateOf(row);
  });
}
