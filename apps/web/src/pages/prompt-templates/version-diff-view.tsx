import { useI18n } from '../../i18n/i18n.tsx';
import { cx } from '../../ui/class-names.ts';
import { versionDiff } from './version-diff.ts';

const marks = { same: ' ', added: '+', removed: '−' } as const;

/**
 * Two versions' texts side by side in one column: removed lines struck and red, added lines green, each
 * with a +/− mark and a screen-reader label, so the difference does not rest on colour alone.
 */
export function VersionDiffView({ before, after }: { before: string; after: string }) {
  const { t } = useI18n();
  const diff = versionDiff(before, after);
  if (diff.added === 0 && diff.removed === 0) {
    return <p className="text-sm text-text-muted">{t('templates.diffSame')}</p>;
  }
  return (
    <div className="flex flex-col gap-2">
      <p className="text-sm text-text-muted" data-testid="diff-summary">
        {t('templates.diffSummary', { added: String(diff.added), removed: String(diff.removed) })}
      </p>
      <ol className="overflow-x-auto rounded-md border border-border bg-surface font-mono text-xs">
        {diff.lines.map((line, index) => (
          <li
            // Lines have no identity of their own: their place in the diff is their key.
            // biome-ignore lint/suspicious/noArrayIndexKey: see above
            key={index}
            data-kind={line.kind}
            className={cx(
              'flex gap-2 whitespace-pre-wrap px-3 py-0.5',
              line.kind === 'added' && 'bg-success/15',
              line.kind === 'removed' && 'bg-danger/15 line-through',
            )}
          >
            <span aria-hidden="true" className="w-3 shrink-0 select-none text-text-muted">
              {marks[line.kind]}
            </span>
            {line.kind !== 'same' ? (
              <span className="sr-only">
                {line.kind === 'added' ? t('templates.diffAdded') : t('templates.diffRemoved')}:
              </span>
            ) : null}
            <span>{line.text || '\u00a0'}</span>
          </li>
        ))}
      </ol>
    </div>
  );
}
