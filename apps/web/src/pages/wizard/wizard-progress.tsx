import { useI18n } from '../../i18n/i18n.tsx';
import { cx } from '../../ui/class-names.ts';

/** The wizard's screens: the four steps, then publish. */
export const wizardScreens = [1, 2, 3, 4, 5] as const;
export type WizardScreen = (typeof wizardScreens)[number];

/** The progress bar: each screen a link-like button, the current one marked for screen readers. */
export function WizardProgress({
  current,
  completed,
  onSelect,
}: {
  current: WizardScreen;
  completed: readonly number[];
  onSelect: (screen: WizardScreen) => void;
}) {
  const { t } = useI18n();
  return (
    <nav aria-label={t('wizard.progress')} className="mb-6">
      <p className="mb-2 text-sm text-text-muted">
        {t('wizard.stepOf', { step: Math.min(current, 4), total: 4 })}
      </p>
      <ol className="grid grid-cols-5 gap-1 sm:gap-2">
        {wizardScreens.map((screen) => {
          const done = completed.includes(screen);
          const here = screen === current;
          return (
            <li key={screen}>
              <button
                type="button"
                onClick={() => onSelect(screen)}
                aria-current={here ? 'step' : undefined}
                className={cx(
                  'flex w-full flex-col items-start gap-1 rounded-md px-1 py-2 text-left text-xs sm:text-sm',
                  here ? 'font-semibold text-text' : 'text-text-muted hover:text-text',
                )}
              >
                <span
                  aria-hidden="true"
                  className={cx(
                    'h-1.5 w-full rounded-full',
                    done || here ? 'bg-primary' : 'bg-surface-muted',
                  )}
                />
                <span className="truncate max-w-full">
                  {t(`wizard.screen.${screen}`)}
                  {done ? <span className="sr-only"> ({t('wizard.done')})</span> : null}
                </span>
              </button>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
