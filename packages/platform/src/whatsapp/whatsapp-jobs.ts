import {
  whatsAppApprovalJobPayloadSchema,
  whatsAppInboundJobPayloadSchema,
  whatsAppReplyJobPayloadSchema,
  whatsAppRunAnswerJobPayloadSchema,
} from '@renum/contracts';
import { defineJob } from '../jobs/define-job.ts';

/**
 * Answers one stored inbound WhatsApp message (ADR 0045): enqueued in the webhook's transaction, so a
 * crash after Meta got its 200 loses nothing. It waits for the answering run, hence its generous retries.
 */
export const whatsAppInboundJob = defineJob({
  name: 'whatsapp.inbound',
  queue: 'whatsapp',
  payload: whatsAppInboundJobPayloadSchema,
  retry: { attempts: 8, backoff: { delayMs: 1000 } },
});

/** Sends a new approval request to the registered approvers' WhatsApp numbers (issue 15). */
export const whatsAppApprovalJob = defineJob({
  name: 'whatsapp.approval',
  queue: 'whatsapp',
  payload: whatsAppApprovalJobPayloadSchema,
  retry: { attempts: 5, backoff: { delayMs: 1000 } },
});

/** Sends a person's reply (takeover) in a WhatsApp conversation to the contact's number. */
export const whatsAppReplyJob = defineJob({
  name: 'whatsapp.reply',
  queue: 'whatsapp',
  payload: whatsAppReplyJobPayloadSchema,
  retry: { attempts: 5, backoff: { delayMs: 1000 } },
});

/**
 * Sends the answer (or the failure apology) of a WhatsApp conversation's run that resumed after an
 * approval: enqueued with the resume, it waits for the run like `whatsapp.inbound`, hence its retries.
 */
export const whatsAppRunAnswerJob = defineJob({
  name: 'whatsapp.answer',
  queue: 'whatsapp',
  payload: whatsAppRunAnswerJobPayloadSchema,
  retry: { attempts: 8, backoff: { delayMs: 1000 } },
});
