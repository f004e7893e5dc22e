import { RenumApiError } from '@renum/sdk';
import type { Translate } from '../i18n/i18n.tsx';
import { type MessageKey, messagesEn } from '../i18n/messages-en.ts';

/**
 * A message for a person: the translation of the error's code when the dictionaries have one
 * (`error.<CODE>`), else the server's own message, else a generic line.
 */
export function describeError(error: unknown, t: Translate): string {
  if (!RenumApiError.isInstance(error)) return t('common.error');
  const key = `error.${error.code}`;
  if (key in messagesEn) return t(key as MessageKey);
  return error.message || t('common.error');
}
