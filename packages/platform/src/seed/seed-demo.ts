import { agents, clients, memberships, subAgents, users, withPlatform } from '@renum/db';
import { eq, sql } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit.ts';
import { hashPassword } from '../identity/passwords.ts';
import type { PlatformDeps } from '../platform-deps.ts';

/** Slug of the demo client; its presence means the demo was seeded. */
export const demoClientSlug = 'demo';

/** Logins of the demo, chosen by the caller (the server generates them). */
export interface DemoCredentials {
  owner: { email: string; password: string };
  platformAdmin: { email: string; password: string };
}

/**
 * Seeds, once, a demo client with an owner, a platform admin and two agents: a customer-service
 * agent with the sub-agents "Cobrança" and "Suporte Técnico", and a plain web assistant.
 * Returns false when the demo already exists (nothing is written).
 */
export async function seedDemo(
  deps: PlatformDeps,
  options: { credentials: DemoCredentials },
): Promise<boolean> {
  const { credentials } = options;
  const [ownerHash, adminHash] = await Promise.all([
    hashPassword(credentials.owner.password),
    hashPassword(credentials.platformAdmin.password),
  ]);
  return withPlatform(deps.db, async (tx) => {
    // Serialise concurrent seeders (several processes starting on one Postgres): a row lock cannot,
    // since the row does not exist yet; a transaction-scoped advisory lock does.
    await tx.execute(sql`select pg_advisory_xact_lock(727002)`);
    const [existing] = await tx
      .select({ id: clients.id })
      .from(clients)
      .where(eq(clients.slug, demoClientSlug));
    if (existing) return false;
    const clientId = deps.newId();
    const ownerId = deps.newId();
    const adminId = deps.newId();
    const mainAgentId = deps.newId();
    const model = deps.defaultModel;
    await tx
      .insert(clients)
      .values({ id: clientId, name: 'Demo Company', slug: demoClientSlug, plan: 'demo' });
    await tx.insert(users).values([
      { id: ownerId, email: credentials.owner.email, name: 'Demo Owner', password_hash: ownerHash },
      {
        id: adminId,
        email: credentials.platformAdmin.email,
        name: 'Platform Admin',
        password_hash: adminHash,
        platform_role: 'admin',
      },
    ]);
    await tx
      .insert(memberships)
      .values({ id: deps.newId(), client_id: clientId, user_id: ownerId, role: 'owner' });
    await tx.insert(agents).values([
      {
        id: mainAgentId,
        client_id: clientId,
        name: 'Atendimento Renum',
        description: 'Atendente principal: encaminha cobrança e suporte técnico aos especialistas.',
        slug: `demo-atendimento-${clientId.slice(-6)}`,
        model,
        system_prompt: 'Você é o atendente da Demo Company. Seja cordial, objetivo e responda em português.',
        channel: 'web',
        status: 'active',
      },
      {
        id: deps.newId(),
        client_id: clientId,
        name: 'Assistente de Pesquisa',
        description: 'Responde perguntas gerais e pesquisa na web quando preciso.',
        slug: `demo-pesquisa-${clientId.slice(-6)}`,
        model,
        system_prompt: 'You are a helpful research assistant. Answer concisely and cite your sources.',
        channel: 'web',
        status: 'draft',
      },
    ]);
    await tx.insert(subAgents).values([
      {
        id: deps.newId(),
        client_id: clientId,
        agent_id: mainAgentId,
        name: 'Cobrança',
        description: 'Pagamentos, boletos, faturas e comissões.',
        topics: ['pagamento', 'cobrança', 'fatura', 'boleto', 'comissão'],
        model,
        system_prompt: 'Você é especialista em cobrança da Demo Company: pagamentos, faturas e boletos.',
        channel: 'web',
      },
      {
        id: deps.newId(),
        client_id: clientId,
        agent_id: mainAgentId,
        name: 'Suporte Técnico',
        description: 'Acesso, senha, erros e problemas técnicos.',
        topics: ['suporte', 'erro', 'login', 'senha', 'acesso'],
        model,
        system_prompt: 'Você é o suporte técnico da Demo Company: resolva problemas de acesso e erros.',
        channel: 'web',
      },
    ]);
    await recordAudit(tx, {
      id: deps.newId(),
      actor: null,
      entry: { action: 'demo.seed', targetType: 'client', targetId: clientId, clientId },
    });
    return true;
  });
}
