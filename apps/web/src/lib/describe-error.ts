import { RenumApiError } from '@renum/sdk';
import type { Translate } from '../i18n/i18n.tsx';
import { type MessageKey, messagesEn } from '../i18n/messages-en.ts';

let catalogue: Record<'en' | 'pt-BR', Record<string, string>> | null = null;

/**
 * Loads the messages of the less common error codes (`errors.en.ts`, `errors.pt-br.ts`), kept out of
 * the first load; the app starts it right after the first paint, long before a person meets an error.
 */
export async function loadErrorMessages(): Promise<void> {
  catalogue = (await import('../i18n/error-catalogue.ts')).errorCatalogue;
}

/** The message of an error code in the page's language (`<html lang>`, kept by the i18n provider). */
function catalogueMessage(code: string): string | undefined {
  const locale = globalThis.document?.documentElement.lang === 'pt-BR' ? 'pt-BR' : 'en';
  return catalogue?.[locale][`error.${code}`];
}

/**
 * A message for a person: the translation of the error's code when the dictionaries have one
 * (`error.<CODE>`), else the server's own message, else a generic line.
 */
export function describeError(error: unknown, t: Translate): string {
  if (!RenumApiError.isInstance(error)) return t('common.error');
  return errorCodeMessage(error.code, t) ?? (error.message || t('common.error'));
}

/** The translated message of an API or run error code, or undefined when none is known (yet). */
export function errorCodeMessage(code: string, t: Translate): string | undefined {
  const key = `error.${code}`;
  if (key in messagesEn) return t(key as MessageKey);
  return catalogueMessage(code);
}
