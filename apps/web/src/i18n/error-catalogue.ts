import { errorsEn } from './errors.en.ts';
import { errorsPtBr } from './errors.pt-br.ts';

/**
 * Messages of the API's less common error codes in both languages, loaded after the first paint so they
 * stay out of the first load (ADR 0036); `describeError` reads them once here.
 */
export const errorCatalogue: Record<'en' | 'pt-BR', Record<string, string>> = {
  en: errorsEn,
  'pt-BR': errorsPtBr,
};
