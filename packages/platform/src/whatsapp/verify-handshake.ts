import { AppError } from '@renum/contracts';
import { whatsappConnections, withPlatform } from '@renum/db';
import { eq } from 'drizzle-orm';
import type { PlatformDeps } from '../platform-deps.ts';

/**
 * Meta's verification handshake (`GET …/webhook?hub.mode=subscribe&hub.verify_token=…&hub.challenge=…`):
 * answers the challenge when the token is a connection's verify token, else `403 FORBIDDEN`.
 */
export async function verifyWhatsAppHandshake(
  deps: Pick<PlatformDeps, 'db'>,
  query: { mode?: string | undefined; token?: string | undefined; challenge?: string | undefined },
): Promise<string> {
  const refused = new AppError('FORBIDDEN', 'The verify token does not match a connected WhatsApp number');
  if (query.mode !== 'subscribe' || !query.token || !query.challenge) throw refused;
  const token = query.token;
  const [found] = await withPlatform(deps.db, (tx) =>
    tx
      .select({ id: whatsappConnections.id })
      .from(whatsappConnections)
      .where(eq(whatsappConnections.verify_token, token))
      .limit(1),
  );
  if (!found) throw refused;
  return query.challenge;
}
