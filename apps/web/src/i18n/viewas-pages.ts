import { useCallback } from 'react';
import { type MessageValues, useI18n } from './i18n.tsx';
import { viewAsPagesEn } from './viewas-pages.en.ts';
import { viewAsPagesPtBr } from './viewas-pages.pt-br.ts';

/** A key of the view-as and global agents pages' catalogue. */
export type ViewAsPagesKey = keyof typeof viewAsPagesEn;

/**
 * The translator of the view-as and global agents pages in the current language. Both languages come
 * with the lazy chunks that import this, never with the first load (ADR 0036).
 */
export function useViewAsPagesT(): (key: ViewAsPagesKey, values?: MessageValues) => string {
  const { locale } = useI18n();
  return useCallback(
    (key, values) => {
      const template = (locale === 'pt-BR' ? viewAsPagesPtBr : viewAsPagesEn)[key];
      if (!values) return template;
      return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
        name in values ? String(values[name]) : whole,
      );
    },
    [locale],
  );
}
