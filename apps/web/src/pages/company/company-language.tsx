import { useEffect } from 'react';
import { useAuth } from '../../auth/auth.tsx';
import { useI18n } from '../../i18n/i18n.tsx';

/**
 * Opens the app in the company's language (`settings.language`, set on the company page) for a person
 * who never chose one in this browser; their own choice with the switcher, once made, wins. Renders nothing.
 */
export function CompanyLanguage() {
  const { me } = useAuth();
  const { locale, setLocale } = useI18n();
  const language = me?.client?.settings?.language;
  useEffect(() => {
    if (language !== 'en' && language !== 'pt-BR') return;
    if (globalThis.localStorage?.getItem('renum.locale')) return;
    if (language !== locale) setLocale(language);
  }, [language, locale, setLocale]);
  return null;
}
