import { AppError } from '@renum/contracts';
import { whatsappMessages, withClient } from '@renum/db';
import { createWhatsAppChannelTool, type WhatsAppChannelInput } from '@renum/tools';
import { and, desc, eq, gt } from 'drizzle-orm';
import type { PlatformDeps } from '../platform-deps.ts';
import type { RunDeps } from '../runs/run-deps.ts';
import { credentialName, type WhatsAppConnectionRow } from './connection-wire.ts';

/** Meta's customer service window: free-form messages only this long after the person's last message. */
export const customerWindowMs = 24 * 3600 * 1000;

/** What to send: a text or an interactive message (a template replaces them outside the window). */
export type WhatsAppOutgoing =
  | { type: 'text'; text: string; replyTo?: string | undefined }
  | {
      type: 'interactive';
      interactive: Extract<WhatsAppChannelInput, { type: 'interactive' }>['interactive'];
    };

/** Links stored with the outbound message. */
export interface OutboundLinks {
  conversationId?: string | null | undefined;
  messageId?: string | null | undefined;
  approvalId?: string | null | undefined;
  /** The run whose outcome this message carries (stored in the row's payload: one outcome per run). */
  runId?: string | null | undefined;
}

/** Whether `waId` wrote to the connection within the last 24 hours. */
async function windowOpen(deps: PlatformDeps, connection: WhatsAppConnectionRow, waId: string) {
  const since = new Date(deps.clock().getTime() - customerWindowMs);
  const [last] = await withClient(deps.db, connection.client_id, (tx) =>
    tx
      .select({ at: whatsappMessages.created_at })
      .from(whatsappMessages)
      .where(
        and(
          eq(whatsappMessages.connection_id, connection.id),
          eq(whatsappMessages.wa_id, waId),
          eq(whatsappMessages.direction, 'in'),
          gt(whatsappMessages.created_at, since),
        ),
      )
      .orderBy(desc(whatsappMessages.created_at))
      .limit(1),
  );
  return last !== undefined;
}

function channelInput(
  connection: WhatsAppConnectionRow,
  to: string,
  message: WhatsAppOutgoing,
  open: boolean,
) {
  if (!open) {
    if (!connection.template_name) {
      throw new AppError(
        'CHANNEL_NOT_AVAILABLE',
        'Outside the 24-hour window WhatsApp accepts only template messages, and this number has no template',
        { context: { connection_id: connection.id } },
      );
    }
    return {
      to,
      type: 'template' as const,
      template: { name: connection.template_name, language: { code: connection.template_language } },
    };
  }
  if (message.type === 'text') {
    return {
      to,
      type: 'text' as const,
      text: { body: message.text.slice(0, 4096) },
      ...(message.replyTo ? { context: { message_id: message.replyTo } } : {}),
    };
  }
  return { to, type: 'interactive' as const, interactive: message.interactive };
}

/**
 * Sends one message from a connected number through the tool proxy with the connection's `whatsapp`
 * credential (vault, egress guard, resilience, ledger), and stores it as an outbound message whose status
 * callbacks then move it forward. Outside the 24-hour window the connection's template is sent instead
 * (`409 CHANNEL_NOT_AVAILABLE` without one). A failed send throws (`503 SERVICE_UNAVAILABLE`): the job
 * that sends retries.
 */
export async function sendWhatsApp(
  deps: PlatformDeps,
  run: Pick<RunDeps, 'tools'>,
  options: {
    connection: WhatsAppConnectionRow;
    to: string;
    message: WhatsAppOutgoing;
    links?: OutboundLinks;
  },
): Promise<{ wamid: string; kind: string }> {
  const { connection, to } = options;
  if (!run.tools)
    throw new AppError('SERVICE_UNAVAILABLE', 'The tool proxy is not configured in this process');
  const input = channelInput(connection, to, options.message, await windowOpen(deps, connection, to));
  const name = await withClient(deps.db, connection.client_id, (tx) =>
    credentialName(tx, connection.credential_id),
  );
  const tool = createWhatsAppChannelTool(run.tools.catalog.services, {
    phoneNumberId: connection.phone_number_id,
    credentialName: name,
  });
  const outcome = await run.tools.proxy.call({
    clientId: connection.client_id,
    agentId: connection.agent_id,
    runId: null,
    tool,
    input,
  });
  const wamid = outcome.ok ? (outcome.result as { message_id?: unknown }).message_id : undefined;
  if (!outcome.ok || typeof wamid !== 'string') {
    throw new AppError(
      'SERVICE_UNAVAILABLE',
      `WhatsApp did not accept the message: ${String(outcome.result)}`,
      {
        context: { connection_id: connection.id },
      },
    );
  }
  const text =
    input.type === 'text' ? input.text.body : input.type === 'interactive' ? input.interactive.body.text : '';
  await withClient(deps.db, connection.client_id, (tx) =>
    tx.insert(whatsappMessages).values({
      id: deps.newId(),
      client_id: connection.client_id,
      connection_id: connection.id,
      direction: 'out',
      wamid,
      wa_id: to,
      kind: input.type,
      text,
      payload: options.links?.runId ? { run_id: options.links.runId } : {},
      status: 'sent',
      conversation_id: options.links?.conversationId ?? null,
      message_id: options.links?.messageId ?? null,
      approval_id: options.links?.approvalId ?? null,
    }),
  );
  return { wamid, kind: input.type };
}
