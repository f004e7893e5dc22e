import { AppError } from '@renum/contracts';
import { clients, memberships, users, withPlatform } from '@renum/db';
import { eq } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit.ts';
import { hashPassword } from '../identity/passwords.ts';
import { assertPlanIn } from '../limits/plan-exists.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requirePlatformAdmin } from '../principal.ts';
import { planForNewClient, readSettings } from '../settings/read-settings.ts';
import { toWire } from '../wire.ts';
import { uniqueClientSlug } from './client-slug.ts';

/** Creates a client, optionally with its first owner (platform admins only; audited). */
export async function createClient(
  deps: PlatformDeps,
  options: {
    principal: Principal;
    input: {
      name: string;
      plan?: string | undefined;
      owner?: { email: string; name: string; password: string } | undefined;
    };
  },
) {
  requirePlatformAdmin(options.principal);
  const { input } = options;
  const ownerHash = input.owner ? await hashPassword(input.owner.password) : null;
  return withPlatform(deps.db, async (tx) => {
    if (input.plan !== undefined) await assertPlanIn(tx, input.plan);
    const plan = planForNewClient(await readSettings(tx), input.plan, deps.defaultPlan);
    const [client] = await tx
      .insert(clients)
      .values({
        id: deps.newId(),
        name: input.name,
        slug: await uniqueClientSlug(tx, input.name),
        ...(plan ? { plan } : {}),
      })
      .returning();
    if (input.owner) {
      const [taken] = await tx.select({ id: users.id }).from(users).where(eq(users.email, input.owner.email));
      if (taken)
        throw new AppError('EMAIL_TAKEN', 'An account with this email already exists', {
          context: { field: 'owner.email' },
        });
      const userId = deps.newId();
      await tx
        .insert(users)
        .values({ id: userId, email: input.owner.email, name: input.owner.name, password_hash: ownerHash });
      await tx
        .insert(memberships)
        .values({ id: deps.newId(), client_id: client!.id, user_id: userId, role: 'owner' });
    }
    await recordAudit(tx, {
      id: deps.newId(),
      actor: options.principal,
      entry: {
        action: 'admin.clients.create',
        targetType: 'client',
        targetId: client!.id,
        clientId: client!.id,
      },
    });
    return toWire(client!);
  });
}
