import { type MessageValues, useCatalogueT } from './i18n.tsx';
import { plansPageEn } from './plans-page.en.ts';
import { plansPagePtBr } from './plans-page.pt-br.ts';

/** A key of the admin console's plans page's catalogue. */
export type PlansPageKey = keyof typeof plansPageEn;

/**
 * The translator of the admin console's plans page in the current language. Both languages come
 * with the lazy chunks that import this, never with the first load (ADR 0036).
 */
export function usePlansT(): (key: PlansPageKey, values?: MessageValues) => string {
  return useCatalogueT(plansPageEn, plansPagePtBr);
}
