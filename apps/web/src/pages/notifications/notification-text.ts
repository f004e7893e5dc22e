import type { Notification } from '@renum/contracts';
import type { MessageKey } from '../../i18n/messages-en.ts';

const known = [
  'budget.warning',
  'budget.exceeded',
  'approval.requested',
  'approval.escalated',
  'approval.approved',
  'approval.rejected',
  'report.daily',
] as const;

/** The message key of a notification's title, or `null` for a kind this screen does not know yet. */
export function notificationTitleKey(notification: Notification): MessageKey | null {
  return (known as readonly string[]).includes(notification.kind)
    ? (`notifications.kind.${notification.kind}` as MessageKey)
    : null;
}

/** Where a notification leads: approvals for approval kinds, usage for budget ones. */
export function notificationTarget(notification: Notification): '/approvals' | '/usage' | null {
  if (notification.kind.startsWith('approval.')) return '/approvals';
  if (notification.kind.startsWith('budget.')) return '/usage';
  return null;
}
