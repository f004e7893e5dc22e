import { type MessageValues, useCatalogueT } from './i18n.tsx';
import { viewAsPagesEn } from './viewas-pages.en.ts';
import { viewAsPagesPtBr } from './viewas-pages.pt-br.ts';

/** A key of the view-as and global agents pages' catalogue. */
export type ViewAsPagesKey = keyof typeof viewAsPagesEn;

/**
 * The translator of the view-as and global agents pages in the current language. Both languages come
 * with the lazy chunks that import this, never with the first load (ADR 0036).
 */
export function useViewAsPagesT(): (key: ViewAsPagesKey, values?: MessageValues) => string {
  return useCatalogueT(viewAsPagesEn, viewAsPagesPtBr);
}
