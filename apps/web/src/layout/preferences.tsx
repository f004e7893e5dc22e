import { type Locale, localeNames, locales, useI18n } from '../i18n/i18n.tsx';
import { type ThemePreference, useTheme } from '../theme/theme.tsx';
import { cx } from '../ui/class-names.ts';

const selectClass =
  'h-9 rounded-md border border-border bg-surface-raised px-2 text-sm text-text hover:bg-surface-muted';

/** The language switcher: a labelled native select. */
export function LocaleSwitcher({ className }: { className?: string }) {
  const { locale, setLocale, t } = useI18n();
  return (
    <label className={cx('flex items-center gap-2 text-sm', className)}>
      <span className="sr-only">{t('locale.label')}</span>
      <select
        className={selectClass}
        value={locale}
        onChange={(event) => setLocale(event.target.value as Locale)}
        data-testid="locale-switcher"
      >
        {locales.map((option) => (
          <option key={option} value={option}>
            {localeNames[option]}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The theme switcher: light, dark or the system's. */
export function ThemeSwitcher({ className }: { className?: string }) {
  const { preference, setPreference } = useTheme();
  const { t } = useI18n();
  return (
    <label className={cx('flex items-center gap-2 text-sm', className)}>
      <span className="sr-only">{t('theme.label')}</span>
      <select
        className={selectClass}
        value={preference}
        onChange={(event) => setPreference(event.target.value as ThemePreference)}
        data-testid="theme-switcher"
      >
        <option value="system">{t('theme.system')}</option>
        <option value="light">{t('theme.light')}</option>
        <option value="dark">{t('theme.dark')}</option>
      </select>
    </label>
  );
}
