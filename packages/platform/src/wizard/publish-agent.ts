import { AppError, type Publication } from '@renum/contracts';
import { agents, credentials, type Transaction, withClient } from '@renum/db';
import { eq } from 'drizzle-orm';
import { agentNotFound, parseAgentId } from '../agents/agent-id.ts';
import { publicUrlFor } from '../agents/create-agent.ts';
import { slugify } from '../agents/slugify.ts';
import { updateWithUniqueSlug } from '../agents/update-with-unique-slug.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requireRole } from '../principal.ts';
import { publicationOf } from './publication.ts';
import { lockAgent } from './save-wizard-step.ts';
import { readWizardSteps, requiredSteps, type WizardSteps } from './wizard-state.ts';

function notPublishable(message: string, details: { field: string; message: string }[]): AppError {
  return new AppError('AGENT_NOT_PUBLISHABLE', message, { context: { details } });
}

/** Refuses what cannot be published: missing steps, a channel not offered yet, a missing credential. */
async function assertPublishable(tx: Transaction, steps: WizardSteps): Promise<void> {
  const missing = requiredSteps.filter((step) => steps[step] === undefined);
  if (missing.length > 0) {
    throw new AppError('AGENT_NOT_PUBLISHABLE', `Complete step ${missing.join(', ')} before publishing`, {
      context: {
        missing_steps: missing,
        details: missing.map((step) => ({ field: `step_${step}`, message: 'not saved yet' })),
      },
    });
  }
  const step4 = steps[4]!;
  if (step4.channel === 'sms' || step4.channel === 'email') {
    throw new AppError('CHANNEL_NOT_AVAILABLE', `The ${step4.channel} channel is not available yet`, {
      context: { field: 'channel', channel: step4.channel },
    });
  }
  if (step4.channel !== 'whatsapp') return;
  if (!step4.whatsapp) {
    throw notPublishable('Connect a WhatsApp number in step 4 before publishing', [
      { field: 'whatsapp', message: 'no WhatsApp number connected' },
    ]);
  }
  const [credential] = await tx
    .select({ service: credentials.service })
    .from(credentials)
    .where(eq(credentials.id, step4.whatsapp.credential_id.toLowerCase()));
  if (credential?.service !== 'whatsapp') {
    throw notPublishable('The WhatsApp credential of step 4 is missing; add it in Credentials', [
      { field: 'whatsapp.credential_id', message: 'credential missing' },
    ]);
  }
}

/**
 * Publishes a wizard's agent (seed 003 flow 1, step 12): status `active`, a slug derived from its name
 * and unique across clients (suffixed when taken, also under concurrency), its `public_url` when public,
 * and the QR code and embed snippet in the answer. It takes effect at once: every turn reads the agent
 * row. Publishing again keeps the slug of an agent already active, so links and QR codes keep working.
 */
export async function publishAgent(
  deps: PlatformDeps,
  options: { principal: Principal; agentId: string },
): Promise<Publication> {
  const { clientId } = requireRole(options.principal, ['owner', 'admin', 'member']);
  return withClient(deps.db, clientId, async (tx) => {
    const current = await lockAgent(tx, options.agentId);
    const steps = readWizardSteps(current.config);
    await assertPublishable(tx, steps);
    const isPublic = steps[4]!.is_public;
    const keep = current.status === 'active';
    const row = await updateWithUniqueSlug(tx, {
      agentId: current.id,
      base: keep ? current.slug : slugify(current.name) || 'agent',
      suffixOnConflict: !keep,
      set: (slug) => ({
        status: 'active',
        is_public: isPublic,
        public_url: publicUrlFor(deps, slug, isPublic),
        updated_at: deps.clock(),
      }),
    });
    await recordAudit(tx, {
      id: deps.newId(),
      actor: options.principal,
      entry: {
        action: 'agent.publish',
        targetType: 'agent',
        targetId: row.id,
        clientId,
        data: { slug: row.slug, is_public: isPublic, channel: row.channel },
      },
    });
    return publicationOf(deps, row);
  });
}

/** The publication of an agent (the publish screen, revisited). */
export async function getPublication(
  deps: PlatformDeps,
  options: { principal: Principal; agentId: string },
): Promise<Publication> {
  const { clientId } = requireRole(options.principal, ['owner', 'admin', 'member']);
  const row = await withClient(deps.db, clientId, async (tx) => {
    const [found] = await tx
      .select()
      .from(agents)
      .where(eq(agents.id, parseAgentId(options.agentId)));
    return found;
  });
  if (!row) throw agentNotFound(options.agentId);
  return publicationOf(deps, row);
}
