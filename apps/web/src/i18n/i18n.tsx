import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { type MessageKey, messagesEn } from './messages-en.ts';
import { messagesPtBr } from './messages-pt-br.ts';
import { applyZodLocale } from './zod-locale.ts';

/** Languages the builder speaks. */
export const locales = ['en', 'pt-BR'] as const;
export type Locale = (typeof locales)[number];

/** Names of the languages in themselves, for the switcher. */
export const localeNames: Record<Locale, string> = { en: 'English', 'pt-BR': 'Português (Brasil)' };

const dictionaries: Record<Locale, Record<MessageKey, string>> = { en: messagesEn, 'pt-BR': messagesPtBr };
const storageKey = 'renum.locale';

/** Values substituted for `{name}` placeholders. */
export type MessageValues = Record<string, string | number>;

/** Translates a key: `t('session.signedInAs', { name: 'Ana' })`. */
export type Translate = (key: MessageKey, values?: MessageValues) => string;

/** Formats a message of `locale` with its values; unknown placeholders stay as they are. */
export function translate(locale: Locale, key: MessageKey, values?: MessageValues): string {
  const template = dictionaries[locale][key] ?? messagesEn[key];
  if (!values) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in values ? String(values[name]) : whole,
  );
}

/** The saved choice, else the browser's language (Portuguese → pt-BR, anything else → English). */
export function initialLocale(): Locale {
  const saved = globalThis.localStorage?.getItem(storageKey);
  if (saved === 'en' || saved === 'pt-BR') return saved;
  const preferred = globalThis.navigator?.languages?.[0] ?? globalThis.navigator?.language ?? 'en';
  return preferred.toLowerCase().startsWith('pt') ? 'pt-BR' : 'en';
}

interface I18nValue {
  locale: Locale;
  setLocale(locale: Locale): void;
  t: Translate;
  /** Number and date formatting in the current language. */
  formatNumber(value: number, options?: Intl.NumberFormatOptions): string;
  formatDate(value: string | Date, options?: Intl.DateTimeFormatOptions): string;
}

const I18nContext = createContext<I18nValue | null>(null);

/** Provides the language; keeps `<html lang>` and the saved choice in step with it. */
export function I18nProvider({ children, locale: fixed }: { children: ReactNode; locale?: Locale }) {
  const [locale, setLocaleState] = useState<Locale>(() => {
    const first = fixed ?? initialLocale();
    applyZodLocale(first);
    return first;
  });
  useEffect(() => {
    applyZodLocale(locale);
    document.documentElement.lang = locale;
  }, [locale]);
  const setLocale = useCallback((next: Locale) => {
    globalThis.localStorage?.setItem(storageKey, next);
    setLocaleState(next);
  }, []);
  const value = useMemo<I18nValue>(
    () => ({
      locale,
      setLocale,
      t: (key, values) => translate(locale, key, values),
      formatNumber: (number, options) => new Intl.NumberFormat(locale, options).format(number),
      formatDate: (date, options = { dateStyle: 'medium', timeStyle: 'short' }) =>
        new Intl.DateTimeFormat(locale, options).format(typeof date === 'string' ? new Date(date) : date),
    }),
    [locale, setLocale],
  );
  return <I18nContext value={value}>{children}</I18nContext>;
}

/** The language, its setter and `t`. */
export function useI18n(): I18nValue {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n must be used inside <I18nProvider>');
  return value;
}
