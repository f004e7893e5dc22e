import { z } from 'zod';
import type { Locale } from './i18n.tsx';

/**
 * Makes zod's own messages ("Too small: expected string to have >=1 characters") speak the reader's
 * language. The forms validate with the server's contract schemas before sending, so most field errors
 * a person sees come from here; zod ships the translations, so none are written by hand.
 */
export function applyZodLocale(locale: Locale): void {
  z.config(locale === 'pt-BR' ? z.locales.pt() : z.locales.en());
}
