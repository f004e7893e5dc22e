import { AppError } from '@renum/contracts';
import { type Transaction, whatsappConnections, whatsappMessages, withClient, withPlatform } from '@renum/db';
import { inArray } from 'drizzle-orm';
import { findCredentialIn } from '../credentials/resolve-credential.ts';
import type { JobQueue } from '../jobs/job-queue.ts';
import type { PlatformDeps } from '../platform-deps.ts';
import { featureEnabled, readSettings } from '../settings/read-settings.ts';
import { applyStatuses } from './apply-statuses.ts';
import { appSecretCredentialName, type WhatsAppConnectionRow } from './connection-wire.ts';
import { signatureInvalid, verifyWhatsAppSignature } from './verify-signature.ts';
import { describeInbound, type WhatsAppChangeValue, whatsAppWebhookSchema } from './webhook-payload.ts';
import { whatsAppInboundJob } from './whatsapp-jobs.ts';

/** What a delivered webhook changed. */
export interface WebhookOutcome {
  /** New inbound messages stored (a redelivered one is not counted). */
  stored: number;
  /** Outbound messages whose status moved. */
  statuses: number;
  /** Inbound messages left unanswered and unstored because the platform switched WhatsApp off. */
  ignored: number;
}

function parseWebhook(rawBody: Buffer) {
  let json: unknown;
  try {
    json = JSON.parse(rawBody.toString('utf8'));
  } catch {
    throw new AppError('VALIDATION_ERROR', 'The webhook body is not JSON');
  }
  const parsed = whatsAppWebhookSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError('VALIDATION_ERROR', `Not a whatsapp_business_account webhook: ${issue?.message}`, {
      context: { field: issue?.path.join('.') ?? '' },
    });
  }
  const values = new Map<string, WhatsAppChangeValue[]>();
  for (const entry of parsed.data.entry) {
    for (const change of entry.changes) {
      if (!change.value) continue;
      const id = change.value.metadata.phone_number_id;
      values.set(id, [...(values.get(id) ?? []), change.value]);
    }
  }
  return values;
}

/** The app secret a connection's webhooks are signed with (decrypted from the vault). */
async function appSecretOf(deps: PlatformDeps, connection: WhatsAppConnectionRow): Promise<string> {
  const found = await withClient(deps.db, connection.client_id, (tx) =>
    findCredentialIn(tx, deps, {
      clientId: connection.client_id,
      service: 'whatsapp_app_secret',
      name: appSecretCredentialName(connection.phone_number_id),
    }),
  );
  const secret = found?.fields.app_secret;
  if (!secret) throw signatureInvalid('cannot be checked: the connection has no app secret');
  return secret;
}

/**
 * A webhook delivery from Meta (`POST /v1/channels/whatsapp/webhook`). The signature is checked over the
 * raw bytes with the app secret of every number the payload names before anything is stored (`401
 * WHATSAPP_SIGNATURE_INVALID` otherwise; the body is read only to find which secret applies). Then, per
 * client, in one transaction each: new inbound messages are stored (unique on their `wamid`, so a
 * redelivery stores and enqueues nothing) with one `whatsapp.inbound` job each, and status callbacks move
 * outbound messages forward. The answering happens in the job (ADR 0045), so this answers fast.
 */
export async function receiveWhatsAppWebhook(
  deps: PlatformDeps,
  options: { jobs: Pick<JobQueue, 'enqueue'>; rawBody: Buffer; signature: string | undefined },
): Promise<WebhookOutcome> {
  if (!/^sha256=[0-9a-f]{64}$/i.test(options.signature?.trim() ?? '')) {
    throw signatureInvalid('is missing or malformed');
  }
  const values = parseWebhook(options.rawBody);
  const ids = [...values.keys()];
  const connections =
    ids.length === 0
      ? []
      : await withPlatform(deps.db, (tx) =>
          tx.select().from(whatsappConnections).where(inArray(whatsappConnections.phone_number_id, ids)),
        );
  if (ids.length > 0 && connections.length === 0) {
    throw new AppError('WHATSAPP_CONNECTION_NOT_FOUND', 'No connected WhatsApp number matches this webhook', {
      context: { phone_number_ids: ids },
    });
  }
  for (const connection of connections) {
    verifyWhatsAppSignature(options.rawBody, options.signature, await appSecretOf(deps, connection));
  }
  const outcome: WebhookOutcome = { stored: 0, statuses: 0, ignored: 0 };
  for (const connection of connections) {
    await withClient(deps.db, connection.client_id, async (tx) => {
      // Switched off for every client (ADR 0042): acknowledged, so Meta does not redeliver, never answered.
      const answering = featureEnabled(await readSettings(tx), 'whatsapp');
      for (const value of values.get(connection.phone_number_id) ?? []) {
        if (answering)
          outcome.stored += await storeInbound(deps, tx, { connection, value, jobs: options.jobs });
        else outcome.ignored += value.messages?.length ?? 0;
        outcome.statuses += await applyStatuses(tx, { connection, statuses: value.statuses ?? [] });
      }
    });
  }
  return outcome;
}

/** Stores the change's new messages with their jobs; answers how many were new. */
async function storeInbound(
  deps: PlatformDeps,
  tx: Transaction,
  options: { connection: WhatsAppConnectionRow; value: WhatsAppChangeValue; jobs: Pick<JobQueue, 'enqueue'> },
): Promise<number> {
  const { connection, value } = options;
  let stored = 0;
  for (const message of value.messages ?? []) {
    const described = describeInbound(message);
    const profile = value.contacts?.find((contact) => contact.wa_id === message.from)?.profile;
    const [row] = await tx
      .insert(whatsappMessages)
      .values({
        id: deps.newId(),
        client_id: connection.client_id,
        connection_id: connection.id,
        direction: 'in',
        wamid: message.id,
        wa_id: message.from,
        kind: described.kind,
        text: described.text,
        payload: { message, ...(profile?.name ? { profile_name: profile.name } : {}) },
        status: 'received',
      })
      .onConflictDoNothing({ target: whatsappMessages.wamid })
      .returning({ id: whatsappMessages.id });
    if (!row) continue;
    stored += 1;
    await options.jobs.enqueue(
      tx,
      whatsAppInboundJob,
      { message_id: row.id, client_id: connection.client_id },
      { clientId: connection.client_id, idempotencyKey: `whatsapp:in:${message.id}` },
    );
  }
  return stored;
}
