import type { KnowledgeDocument } from '@renum/contracts';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { useCallback } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';
import { useApi } from '../../lib/web-api.tsx';
import { Badge, PageHeader, QueryState } from '../../ui/index.ts';
import { DocumentsTable } from './documents-table.tsx';
import { DropZone } from './drop-zone.tsx';
import { SearchPanel } from './search-panel.tsx';
import { SourceForms } from './source-forms.tsx';
import { UsagePanel } from './usage-panel.tsx';
import { useLiveProgress } from './use-live-progress.ts';
import { useUploads } from './use-uploads.ts';

/**
 * How often the document list is read again while a document is queued or being indexed and the page's
 * WebSocket is not open (with it open, `knowledge_progress` frames move the bars: nothing is polled).
 */
export const progressPollMs = 1000;

/** True while some document still waits for or is in indexing. */
export function isIndexing(documents: KnowledgeDocument[] | undefined): boolean {
  return (documents ?? []).some(
    (document) => document.status === 'queued' || document.status === 'processing',
  );
}

/** `rows` with `document` in place of its older version, or first when it is new. */
function withDocument(rows: KnowledgeDocument[], document: KnowledgeDocument): KnowledgeDocument[] {
  const index = rows.findIndex((row) => row.id === document.id);
  if (index === -1) return [document, ...rows];
  if (rows[index]!.version > document.version) return rows;
  return rows.map((row, at) => (at === index ? document : row));
}

/** One knowledge base: its sources (files, pages, texts), their indexing, a test search and its usage. */
export function KnowledgeBasePage() {
  const { baseId } = useParams({ from: '/app/knowledge/$baseId' });
  const { t } = useI18n();
  const client = useApi();
  const queryClient = useQueryClient();
  const live = useLiveProgress(baseId);
  const base = useQuery({
    queryKey: ['knowledge-bases', baseId],
    queryFn: () => client.knowledge.get(baseId),
  });
  const documents = useQuery({
    queryKey: ['knowledge-bases', baseId, 'documents'],
    queryFn: () => client.knowledge.documents(baseId),
    refetchInterval: (query) => (!live && isIndexing(query.state.data?.data) ? progressPollMs : false),
  });
  const refresh = useCallback(
    () => queryClient.invalidateQueries({ queryKey: ['knowledge-bases', baseId] }),
    [queryClient, baseId],
  );
  // The uploaded document joins the cached list at once: on the embedded database a read of the list
  // waits behind the ingestion, and its progress frames would find no row to move until then. Without the
  // socket the list is polled instead (see `documents` above).
  const onUploaded = useCallback(
    (document: KnowledgeDocument) => {
      queryClient.setQueryData<{ data: KnowledgeDocument[]; next_cursor: string | null }>(
        ['knowledge-bases', baseId, 'documents'],
        (page) => page && { ...page, data: withDocument(page.data, document) },
      );
      // The base's counts only: the list is moved by the progress frames, and read again when it ends.
      return queryClient.invalidateQueries({ queryKey: ['knowledge-bases', baseId], exact: true });
    },
    [queryClient, baseId],
  );
  const uploads = useUploads(baseId, onUploaded);
  return (
    <QueryState query={base}>
      {(knowledgeBase) => (
        <div className="flex flex-col gap-6">
          <div>
            <Link to="/knowledge" className="text-sm text-primary underline-offset-2 hover:underline">
              ← {t('knowledge.back')}
            </Link>
          </div>
          <PageHeader
            title={knowledgeBase.name}
            {...(knowledgeBase.description ? { description: knowledgeBase.description } : {})}
            actions={
              <div className="flex flex-wrap gap-2">
                {knowledgeBase.lexical_only ? (
                  <Badge tone="warning">{t('knowledge.lexicalOnly')}</Badge>
                ) : (
                  <Badge tone="primary">{knowledgeBase.embedding_model}</Badge>
                )}
                {knowledgeBase.reranker_model ? (
                  <Badge>{t('knowledge.reranker', { model: knowledgeBase.reranker_model })}</Badge>
                ) : null}
              </div>
            }
          />
          {knowledgeBase.lexical_only ? (
            <p
              role="note"
              data-testid="lexical-only-notice"
              className="-mt-4 rounded-md border border-warning/40 bg-warning/10 px-3 py-2 text-sm"
            >
              {t('knowledge.lexicalOnlyNotice')}
            </p>
          ) : null}
          <DropZone rows={uploads.rows} onFiles={(files) => void uploads.upload(files)} />
          <SourceForms knowledgeBaseId={baseId} onAdded={refresh} />
          <section aria-labelledby="documents-heading" className="flex flex-col gap-3">
            <h2 id="documents-heading" className="text-lg font-semibold">
              {t('knowledge.documents')}
            </h2>
            <QueryState query={documents}>
              {(list) => (
                <DocumentsTable
                  knowledgeBaseId={baseId}
                  documents={list.data}
                  onChanged={refresh}
                  onReplace={(document, file) => void uploads.upload([file], document.id)}
                />
              )}
            </QueryState>
          </section>
          <SearchPanel
            knowledgeBaseId={baseId}
            lexicalOnly={knowledgeBase.lexical_only}
            rerankerModel={knowledgeBase.reranker_model}
          />
          <UsagePanel knowledgeBaseId={baseId} />
        </div>
      )}
    </QueryState>
  );
}
