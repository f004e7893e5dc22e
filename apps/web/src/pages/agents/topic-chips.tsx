import { type KeyboardEvent, useId, useState } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';
import { cx } from '../../ui/class-names.ts';

/**
 * Topics as chips: type and press Enter (or comma) to add, × or Backspace on an empty input removes.
 * Topics are trimmed and lower-cased like the server does, so what you see is what is stored.
 */
export function TopicChips({
  label,
  value,
  onChange,
  error,
}: {
  label: string;
  value: string[];
  onChange(topics: string[]): void;
  error?: string | undefined;
}) {
  const { t } = useI18n();
  const [draft, setDraft] = useState('');
  const id = useId();
  const add = () => {
    const topic = draft.trim().toLowerCase();
    if (topic && !value.includes(topic)) onChange([...value, topic]);
    setDraft('');
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter' || event.key === ',') {
      event.preventDefault();
      add();
    } else if (event.key === 'Backspace' && draft === '' && value.length > 0) {
      onChange(value.slice(0, -1));
    }
  };
  return (
    <div className="flex flex-col gap-1.5">
      <label htmlFor={`${id}-input`} className="text-sm font-medium">
        {label}
      </label>
      <div
        className={cx(
          'flex flex-wrap items-center gap-1.5 rounded-md border bg-surface-raised p-1.5',
          error ? 'border-danger' : 'border-border',
        )}
      >
        <ul className="contents">
          {value.map((topic) => (
            <li
              key={topic}
              className="inline-flex items-center gap-1 rounded-full bg-primary/15 px-2 py-0.5 text-xs text-primary"
            >
              {topic}
              <button
                type="button"
                className="rounded-full px-1 hover:bg-primary/25"
                aria-label={t('agents.topics.remove', { topic })}
                onClick={() => onChange(value.filter((item) => item !== topic))}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
        <input
          id={`${id}-input`}
          value={draft}
          onChange={(event) => setDraft(event.target.value)}
          onKeyDown={onKeyDown}
          onBlur={add}
          aria-invalid={error ? true : undefined}
          aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}
          className="h-8 min-w-32 flex-1 bg-transparent px-1 text-sm outline-none"
        />
      </div>
      <p id={`${id}-hint`} className="text-xs text-text-muted">
        {t('agents.topics.hint')}
      </p>
      {error ? (
        <p id={`${id}-error`} role="alert" className="text-sm text-danger">
          {error}
        </p>
      ) : null}
    </div>
  );
}
