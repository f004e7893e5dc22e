import type { Locale } from './i18n.tsx';

let wanted: Locale | null = null;

/**
 * Makes zod's own messages ("Too small: expected string to have >=1 characters") speak the reader's
 * language. The forms validate with the server's contract schemas before sending, so most field errors
 * a person sees come from here; zod ships the translations, so none are written by hand.
 *
 * zod is loaded here on demand, not imported: it is not part of the first load (ADR 0036), only of
 * the pages with forms. The two modules load long before a person can submit a form; the newest
 * request wins when the language changes while they load.
 */
export function applyZodLocale(locale: Locale): Promise<void> {
  wanted = locale;
  return Promise.all([import('zod/v4/core'), import('zod/v4/locales/en.js'), import('zod/v4/locales/pt.js')])
    .then(([core, en, pt]) => {
      if (wanted !== locale) return;
      core.config(locale === 'pt-BR' ? pt.default() : en.default());
    })
    .catch((error: unknown) => {
      console.error('[renum] could not load the form messages of', locale, error);
    });
}
