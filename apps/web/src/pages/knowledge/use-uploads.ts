import type { KnowledgeDocument } from '@renum/contracts';
import { useCallback, useState } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';
import { describeError } from '../../lib/describe-error.ts';
import { useApi } from '../../lib/web-api.tsx';
import { uploadWithProgress } from './upload-file.ts';

/** One file being (or having been) uploaded, as its progress row shows it. */
export interface UploadRow {
  key: string;
  name: string;
  /** Share of the bytes sent, 0 to 100. */
  percent: number;
  state: 'uploading' | 'uploaded' | 'duplicate' | 'failed';
  error: string | null;
  /** The document the file became (its indexing progress is then read from the document list). */
  documentId: string | null;
}

let counter = 0;

/**
 * Uploads several files at once, each with its own progress row; `onUploaded` runs after each file the
 * server took, with the document it became (the list shows it at once, then its indexing progress).
 */
export function useUploads(knowledgeBaseId: string, onUploaded: (document: KnowledgeDocument) => unknown) {
  const client = useApi();
  const { t } = useI18n();
  const [rows, setRows] = useState<UploadRow[]>([]);
  const change = useCallback((key: string, patch: Partial<UploadRow>) => {
    setRows((current) => current.map((row) => (row.key === key ? { ...row, ...patch } : row)));
  }, []);
  const uploadOne = useCallback(
    async (file: File, replaceDocumentId?: string) => {
      counter += 1;
      const key = `${counter}:${file.name}`;
      setRows((current) => [
        ...current,
        { key, name: file.name, percent: 0, state: 'uploading', error: null, documentId: null },
      ]);
      try {
        const result = await uploadWithProgress({
          client,
          knowledgeBaseId,
          file,
          ...(replaceDocumentId ? { replaceDocumentId } : {}),
          onProgress: (percent) => change(key, { percent }),
        });
        change(key, {
          percent: 100,
          state: result.created ? 'uploaded' : 'duplicate',
          documentId: result.document.id,
        });
        await onUploaded(result.document);
      } catch (error) {
        change(key, { state: 'failed', error: describeError(error, t) });
      }
    },
    [client, knowledgeBaseId, change, onUploaded, t],
  );
  const upload = useCallback(
    (files: Iterable<File>, replaceDocumentId?: string) =>
      Promise.all([...files].map((file) => uploadOne(file, replaceDocumentId))),
    [uploadOne],
  );
  return { rows, upload };
}
