export { markMessageRead } from './mark-message-read.ts';
export { listMessagesSince, listRunMessages, syncMessageLimit } from './messages-since.ts';
export { issueWsTicket, redeemWsTicket, wsTicketTtlSeconds } from './ws-tickets.ts';
