import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { type MessageKey, messagesEn } from './messages-en.ts';
import { applyZodLocale } from './zod-locale.ts';

/** Languages the builder speaks. */
export const locales = ['en', 'pt-BR'] as const;
export type Locale = (typeof locales)[number];

/** Names of the languages in themselves, for the switcher. */
export const localeNames: Record<Locale, string> = { en: 'English', 'pt-BR': 'Português (Brasil)' };

// English is in the first load; another language's catalogue is loaded when someone picks it, so an
// English reader does not download the Portuguese texts and vice versa (ADR 0036).
const dictionaries: Partial<Record<Locale, Partial<Record<MessageKey, string>>>> = { en: messagesEn };
const loading = new Map<Locale, Promise<void>>();
/** Strings a lazy chunk brought with it (the admin console's), by language: looked up after the catalogue. */
const added: Partial<Record<Locale, Record<string, string>>> = {};

/**
 * Adds strings that come with a lazily loaded part of the app (the admin console's, ADR 0036), so the
 * first load does not carry them; call it when that part's module is evaluated, before it renders.
 */
export function addMessages(locale: Locale, messages: Record<string, string>): void {
  added[locale] = { ...added[locale], ...messages };
}

/** Loads `locale`'s catalogue (once); `translate` falls back to English until it is there. */
export function loadLocale(locale: Locale): Promise<void> {
  if (dictionaries[locale]) return Promise.resolve();
  let pending = loading.get(locale);
  if (!pending) {
    pending = import('./messages-pt-br.ts').then((module) => {
      dictionaries['pt-BR'] = module.messagesPtBr;
    });
    pending.catch(() => loading.delete(locale)); // a later call tries again; the caller sees the error
    loading.set(locale, pending);
  }
  return pending;
}

/** True when `locale`'s catalogue is loaded. */
export function localeLoaded(locale: Locale): boolean {
  return dictionaries[locale] !== undefined;
}
const storageKey = 'renum.locale';

/** Values substituted for `{name}` placeholders. */
export type MessageValues = Record<string, string | number>;

/** Translates a key: `t('session.signedInAs', { name: 'Ana' })`. */
export type Translate = (key: MessageKey, values?: MessageValues) => string;

/** Fills a message's `{name}` placeholders; unknown ones stay as they are. */
export function formatMessage(template: string, values?: MessageValues): string {
  if (!values) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in values ? String(values[name]) : whole,
  );
}

/**
 * The translator of a catalogue that a lazy chunk carries in both languages (ADR 0036: never in the first
 * load), in the current language: `const tr = useCatalogueT(runStoryEn, runStoryPtBr)`.
 */
export function useCatalogueT<Key extends string>(
  en: Record<Key, string>,
  ptBr: Record<Key, string>,
): (key: Key, values?: MessageValues) => string {
  const { locale } = useI18n();
  return useCallback(
    (key, values) => formatMessage((locale === 'pt-BR' ? ptBr : en)[key], values),
    [locale, en, ptBr],
  );
}

/** Formats a message of `locale` with its values; unknown placeholders stay as they are. */
export function translate(locale: Locale, key: MessageKey, values?: MessageValues): string {
  const template =
    dictionaries[locale]?.[key] ??
    added[locale]?.[key] ??
    (messagesEn as Record<string, string>)[key] ??
    added.en?.[key] ??
    key;
  return formatMessage(template, values);
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
    void applyZodLocale(first);
    return first;
  });
  // The first language's catalogue may still be loading: render once it is there (English if it
  // cannot be loaded), so nobody sees a flash of the other language.
  const [ready, setReady] = useState(() => localeLoaded(locale));
  useEffect(() => {
    void applyZodLocale(locale);
    document.documentElement.lang = locale;
    if (localeLoaded(locale)) return setReady(true);
    let live = true;
    loadLocale(locale).then(
      () => live && setReady(true),
      (error: unknown) => {
        console.error('[renum] could not load the texts of', locale, error);
        if (live) setReady(true);
      },
    );
    return () => {
      live = false;
    };
  }, [locale]);
  const setLocale = useCallback((next: Locale) => {
    globalThis.localStorage?.setItem(storageKey, next);
    // Switch once the catalogue is there, so the page changes language in one step.
    loadLocale(next).then(
      () => setLocaleState(next),
      (error: unknown) => console.error('[renum] could not load the texts of', next, error),
    );
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
  if (!ready) return null;
  return <I18nContext value={value}>{children}</I18nContext>;
}

/** The language, its setter and `t`. */
export function useI18n(): I18nValue {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n must be used inside <I18nProvider>');
  return value;
}
