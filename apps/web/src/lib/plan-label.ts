import type { Translate } from '../i18n/i18n.tsx';

/**
 * A plan's name as people read it: the plan every client starts on (`unlimited`, migration 0006) in the
 * reader's language; a plan the platform's admins created keeps the name they gave it.
 */
export function planLabel(t: Translate, plan: string): string {
  return plan === 'unlimited' ? t('company.unlimited') : plan;
}
