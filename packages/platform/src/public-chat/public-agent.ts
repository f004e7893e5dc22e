import { AppError, type PublicAgent, wizardStep4Schema } from '@renum/contracts';
import { agents, type Transaction, withPlatform } from '@renum/db';
import { and, eq, sql } from 'drizzle-orm';
import type { PlatformDeps } from '../platform-deps.ts';
import type { Principal } from '../principal.ts';
import { assertFeatureEnabled, readSettings } from '../settings/read-settings.ts';
import { readWizardSteps, wizardLanguage } from '../wizard/wizard-state.ts';

type AgentRow = typeof agents.$inferSelect;

/** A private, draft or unknown agent: the same 404 for all, so a slug's existence is not revealed. */
function publicAgentNotFound(slug: string): AppError {
  return new AppError('AGENT_NOT_FOUND', 'Agent not found', { context: { slug } });
}

const isPublished = (slug: string) =>
  and(eq(agents.slug, slug), eq(agents.status, 'active'), eq(agents.is_public, true));

/**
 * Finds an active public agent by slug, across clients (slugs are global, so this reads in platform
 * scope; everything after it runs in the agent's client scope).
 * @throws AppError `AGENT_NOT_FOUND` for an unknown, draft, inactive or private agent, `403
 * FEATURE_DISABLED` when the platform switched public pages off (`public_pages`)
 */
export async function findPublicAgent(tx: Transaction, slug: string): Promise<AgentRow> {
  assertFeatureEnabled(await readSettings(tx), 'public_pages');
  const [row] = await tx.select().from(agents).where(isPublished(slug));
  if (!row) throw publicAgentNotFound(slug);
  return row;
}

/** What the public page shows of an agent: its name, never its prompt or configuration. */
export function publicAgentToWire(row: AgentRow): PublicAgent {
  return {
    slug: row.slug,
    name: row.name,
    description: row.description,
    language: wizardLanguage(row.config, readWizardSteps(row.config)),
  };
}

/**
 * Opens a public agent's page: counts the visit (`access_count`) and answers what the page shows
 * (`403 FEATURE_DISABLED` when the platform switched public pages off, counting nothing).
 */
export async function visitPublicAgent(deps: PlatformDeps, options: { slug: string }): Promise<PublicAgent> {
  const [row] = await withPlatform(deps.db, async (tx) => {
    assertFeatureEnabled(await readSettings(tx), 'public_pages');
    return tx
      .update(agents)
      .set({ access_count: sql`${agents.access_count} + 1` })
      .where(isPublished(options.slug))
      .returning();
  });
  if (!row) throw publicAgentNotFound(options.slug);
  return publicAgentToWire(row);
}

/** The agent's daily cap of visitor messages (step 4), or the default for agents published otherwise. */
export function dailyMessageCap(row: AgentRow): number {
  const parsed = wizardStep4Schema.shape.daily_message_cap.safeParse(
    (row.config.step_4_data as Record<string, unknown> | undefined)?.daily_message_cap,
  );
  return parsed.success ? parsed.data : 500;
}

/**
 * Who acts when a visitor writes to a public agent: the agent's client itself, as a member would, with
 * no person and no API key behind it (audit rows name neither).
 */
export function publicPrincipal(clientId: string): Principal {
  return { kind: 'api_key', userId: null, apiKeyId: null, clientId, role: 'member', platformRole: 'none' };
}

/**
 * The origins allowed to embed a public agent's widget (ADR 0046), or null for an agent that is not
 * active and public (its routes answer 404 anyway). Compared lower-cased, as browsers send `Origin`.
 */
export async function publicAgentOrigins(deps: PlatformDeps, slug: string): Promise<string[] | null> {
  const [row] = await withPlatform(deps.db, (tx) =>
    tx.select({ allowed: agents.allowed_origins }).from(agents).where(isPublished(slug)),
  );
  return row ? row.allowed.map((origin) => origin.toLowerCase()) : null;
}
