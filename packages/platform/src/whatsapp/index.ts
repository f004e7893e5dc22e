export { answerInbound, failureReply, mediaReply, whatsAppInboundHandler } from './answer-inbound.ts';
export { approvalButtonId, readApprovalIntent } from './approval-intent.ts';
export { getApproverNumber, setApproverNumber } from './approver-number.ts';
export { connectWhatsApp } from './connect-whatsapp.ts';
export { whatsAppWebhookPath } from './connection-wire.ts';
export { approvalReplies } from './decide-from-whatsapp.ts';
export { disconnectWhatsApp } from './disconnect-whatsapp.ts';
export { listWhatsApp } from './list-whatsapp.ts';
export { notifyApprovers, whatsAppApprovalHandler } from './notify-approvers.ts';
export { receiveWhatsAppWebhook, type WebhookOutcome } from './receive-webhook.ts';
export { sendPersonReply, whatsAppReplyHandler } from './send-person-reply.ts';
export { sendRunAnswer, whatsAppRunAnswerHandler } from './send-run-answer.ts';
export { customerWindowMs, sendWhatsApp } from './send-whatsapp.ts';
export { updateWhatsApp } from './update-whatsapp.ts';
export { verifyWhatsAppHandshake } from './verify-handshake.ts';
export { verifyWhatsAppSignature } from './verify-signature.ts';
export {
  whatsAppApprovalJob,
  whatsAppInboundJob,
  whatsAppReplyJob,
  whatsAppRunAnswerJob,
} from './whatsapp-jobs.ts';
