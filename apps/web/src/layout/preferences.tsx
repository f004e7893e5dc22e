import { localeNames, locales, useI18n } from '../i18n/i18n.tsx';
import { type ThemePreference, useTheme } from '../theme/theme.tsx';
import { cx } from '../ui/class-names.ts';

const selectClass =
  'h-9 rounded-md border border-border bg-surface-raised px-2 text-sm text-text hover:bg-surface-muted';

/** A preference as a native select whose label only screen readers read. */
function PreferenceSelect<Value extends string>(props: {
  className: string | undefined;
  label: string;
  value: Value;
  onChange: (value: Value) => void;
  options: readonly { value: Value; label: string }[];
  testId: string;
}) {
  return (
    <label className={cx('flex items-center gap-2 text-sm', props.className)}>
      <span className="sr-only">{props.label}</span>
      <select
        className={selectClass}
        value={props.value}
        onChange={(event) => props.onChange(event.target.value as Value)}
        data-testid={props.testId}
      >
        {props.options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The language switcher: a labelled native select. */
export function LocaleSwitcher({ className }: { className?: string }) {
  const { locale, setLocale, t } = useI18n();
  return (
    <PreferenceSelect
      className={className}
      label={t('locale.label')}
      value={locale}
      onChange={setLocale}
      options={locales.map((option) => ({ value: option, label: localeNames[option] }))}
      testId="locale-switcher"
    />
  );
}

/** The theme switcher: light, dark or the system's. */
export function ThemeSwitcher({ className }: { className?: string }) {
  const { preference, setPreference } = useTheme();
  const { t } = useI18n();
  const options: { value: ThemePreference; label: string }[] = [
    { value: 'system', label: t('theme.system') },
    { value: 'light', label: t('theme.light') },
    { value: 'dark', label: t('theme.dark') },
  ];
  return (
    <PreferenceSelect
      className={className}
      label={t('theme.label')}
      value={preference}
      onChange={setPreference}
      options={options}
      testId="theme-switcher"
    />
  );
}
