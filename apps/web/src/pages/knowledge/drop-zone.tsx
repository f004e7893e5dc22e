import { type DragEvent, useId, useRef, useState } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';
import { Badge, Card, cx } from '../../ui/index.ts';
import type { UploadRow } from './use-uploads.ts';

/** Files the server can index (its format is sniffed from the content anyway). */
export const acceptedFiles = '.pdf,.md,.markdown,.txt,.html,.htm,.docx,.csv,.json,text/*,application/pdf';

/**
 * Drag-and-drop of several files, or a file picker (keyboard and touch), with a progress bar per file:
 * the bytes sent, then what the server said.
 */
export function DropZone({ rows, onFiles }: { rows: UploadRow[]; onFiles(files: File[]): void }) {
  const { t } = useI18n();
  const inputId = useId();
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setOver(false);
    const files = [...event.dataTransfer.files];
    if (files.length > 0) onFiles(files);
  };
  return (
    <Card title={t('knowledge.upload.title')}>
      <section
        data-testid="drop-zone"
        aria-label={t('knowledge.upload.drop')}
        onDragOver={(event) => {
          event.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
        className={cx(
          'flex flex-col items-center gap-3 rounded-lg border-2 border-dashed px-4 py-8 text-center',
          over ? 'border-primary bg-primary/5' : 'border-border',
        )}
      >
        <p className="text-sm text-text-muted">{t('knowledge.upload.drop')}</p>
        <label
          htmlFor={inputId}
          className="cursor-pointer rounded-md border border-border px-3 py-1.5 text-sm font-medium focus-within:ring-2 focus-within:ring-primary hover:bg-surface-muted"
        >
          {t('knowledge.upload.choose')}
          <input
            ref={input}
            id={inputId}
            type="file"
            multiple
            accept={acceptedFiles}
            className="sr-only"
            onChange={(event) => {
              const files = [...(event.target.files ?? [])];
              if (files.length > 0) onFiles(files);
              if (input.current) input.current.value = '';
            }}
          />
        </label>
      </section>
      {rows.length > 0 ? (
        <ul className="mt-4 flex flex-col gap-3" aria-live="polite">
          {rows.map((row) => (
            <UploadRowView key={row.key} row={row} />
          ))}
        </ul>
      ) : null}
    </Card>
  );
}

function UploadRowView({ row }: { row: UploadRow }) {
  const { t } = useI18n();
  const label =
    row.state === 'failed'
      ? t('knowledge.upload.failed', { name: row.name, error: row.error ?? '' })
      : row.state === 'duplicate'
        ? t('knowledge.upload.duplicate', { name: row.name })
        : row.state === 'uploaded'
          ? t('knowledge.upload.uploaded', { name: row.name })
          : t('knowledge.upload.uploading', { name: row.name });
  return (
    <li className="flex flex-col gap-1 text-sm" data-testid="upload-row" data-state={row.state}>
      <div className="flex items-center justify-between gap-2">
        <span className={cx('break-all', row.state === 'failed' && 'text-danger')}>{label}</span>
        {row.state === 'failed' ? <Badge tone="danger">!</Badge> : <span>{row.percent}%</span>}
      </div>
      <progress
        className="h-2 w-full accent-primary"
        max={100}
        value={row.percent}
        aria-label={t('knowledge.upload.progress', { name: row.name })}
      />
    </li>
  );
}
