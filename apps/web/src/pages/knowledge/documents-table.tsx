import type { KnowledgeDocument } from '@renum/contracts';
import { useMutation } from '@tanstack/react-query';
import { useLocation } from '@tanstack/react-router';
import { FileText, RefreshCw, Trash2, Upload } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';
import { describeError } from '../../lib/describe-error.ts';
import { useApi } from '../../lib/web-api.tsx';
import { Badge, Button, ConfirmDialog, cx, EmptyState, Table, useToast } from '../../ui/index.ts';
import { documentAnchor } from './document-anchor.ts';
import { DocumentError } from './document-error.tsx';
import { acceptedFiles } from './drop-zone.tsx';

const statusTone = {
  queued: 'neutral',
  processing: 'primary',
  ready: 'success',
  failed: 'danger',
} as const;

/** The documents of a base: status, indexing progress (percentage and passages), error, and actions. */
export function DocumentsTable({
  knowledgeBaseId,
  documents,
  onChanged,
  onReplace,
}: {
  knowledgeBaseId: string;
  documents: KnowledgeDocument[];
  onChanged(): unknown;
  onReplace(document: KnowledgeDocument, file: File): void;
}) {
  const { t, formatDate } = useI18n();
  const client = useApi();
  const toast = useToast();
  const [deleting, setDeleting] = useState<KnowledgeDocument | null>(null);
  const linkedId = useLinkedDocument(documents);
  const fail = (error: unknown) => toast({ title: describeError(error, t), tone: 'error' });
  const reingest = useMutation({
    mutationFn: (document: KnowledgeDocument) =>
      client.knowledge.reingestDocument(knowledgeBaseId, document.id),
    onSuccess: async () => {
      toast({ title: t('knowledge.doc.reingested'), tone: 'success' });
      await onChanged();
    },
    onError: fail,
  });
  const remove = useMutation({
    mutationFn: (document: KnowledgeDocument) =>
      client.knowledge.deleteDocument(knowledgeBaseId, document.id),
    onSuccess: async () => {
      setDeleting(null);
      toast({ title: t('knowledge.doc.deleted'), tone: 'success' });
      await onChanged();
    },
    onError: fail,
  });
  if (documents.length === 0) return <EmptyState icon={FileText} title={t('knowledge.doc.empty')} />;
  return (
    <>
      <Table
        caption={t('knowledge.documents')}
        rows={documents}
        rowKey={(document) => document.id}
        columns={[
          {
            key: 'title',
            header: t('knowledge.doc.title'),
            cell: (document) => (
              <div
                id={documentAnchor(document.id)}
                tabIndex={document.id === linkedId ? -1 : undefined}
                className={cx(
                  'flex min-w-40 flex-col gap-1 rounded-md',
                  document.id === linkedId && 'outline-2 outline-offset-4 outline-primary',
                )}
                data-testid="document-row"
                data-status={document.status}
                data-linked={document.id === linkedId ? 'true' : undefined}
              >
                <span className="break-all font-medium">{document.title}</span>
                {document.source_url ? (
                  <span className="break-all text-xs text-text-muted">{document.source_url}</span>
                ) : null}
                <DocumentError document={document} />
              </div>
            ),
          },
          {
            key: 'status',
            header: t('knowledge.doc.status'),
            cell: (document) => (
              <Badge tone={statusTone[document.status]}>{t(`knowledge.doc.status.${document.status}`)}</Badge>
            ),
          },
          {
            key: 'progress',
            header: t('knowledge.doc.progress'),
            cell: (document) => <DocumentProgress document={document} />,
            shownFrom: 'lg',
          },
          {
            key: 'updated',
            header: t('knowledge.doc.updated'),
            cell: (document) => formatDate(document.updated_at),
            shownFrom: 'lg',
          },
          {
            key: 'actions',
            header: <span className="sr-only">{t('agents.actions')}</span>,
            cell: (document) => (
              <div className="flex flex-wrap justify-end gap-1">
                <Button
                  icon={RefreshCw}
                  iconOnlyOnPhone
                  size="sm"
                  variant="secondary"
                  aria-label={t('knowledge.doc.reingestNamed', { name: document.title })}
                  busy={reingest.isPending && reingest.variables?.id === document.id}
                  onClick={() => reingest.mutate(document)}
                >
                  {t('knowledge.doc.reingest')}
                </Button>
                {document.kind === 'file' ? (
                  <ReplaceButton document={document} onFile={(file) => onReplace(document, file)} />
                ) : null}
                <Button
                  icon={Trash2}
                  iconOnlyOnPhone
                  size="sm"
                  variant="ghost"
                  aria-label={t('knowledge.doc.deleteNamed', { name: document.title })}
                  onClick={() => setDeleting(document)}
                >
                  {t('common.delete')}
                </Button>
              </div>
            ),
          },
        ]}
      />
      <ConfirmDialog
        open={deleting !== null}
        onOpenChange={(open) => (open ? undefined : setDeleting(null))}
        title={t('knowledge.doc.deleteTitle', { name: deleting?.title ?? '' })}
        description={t('knowledge.doc.deleteDescription')}
        confirmLabel={t('common.delete')}
        busy={remove.isPending}
        onConfirm={() => (deleting ? remove.mutate(deleting) : undefined)}
      />
    </>
  );
}

/**
 * The document the address names (`#document-<id>`, a citation's link) once its row is there: scrolled
 * to and focused once, so the link lands on the cited document rather than at the top of the page (the
 * router's own hash scroll runs before the list is read).
 */
function useLinkedDocument(documents: KnowledgeDocument[]): string | null {
  const hash = useLocation({ select: (location) => location.hash.replace(/^#/, '') });
  const linked = documents.find((row) => documentAnchor(row.id) === hash);
  const linkedId = linked?.id ?? null;
  useEffect(() => {
    if (linkedId === null) return;
    const row = globalThis.document.getElementById(documentAnchor(linkedId));
    row?.scrollIntoView?.({ block: 'center' });
    row?.focus({ preventScroll: true });
  }, [linkedId]);
  return linkedId;
}

/** Percentage and passages done, as a progress bar a screen reader names after the document. */
export function DocumentProgress({ document }: { document: KnowledgeDocument }) {
  const { t } = useI18n();
  const chunks =
    document.chunks_total === null
      ? t('knowledge.doc.chunksUnknown', { done: document.chunks_done })
      : t('knowledge.doc.chunks', { done: document.chunks_done, total: document.chunks_total });
  return (
    <div className="flex min-w-32 flex-col gap-1">
      <progress
        className="h-2 w-full accent-primary"
        max={100}
        value={document.progress}
        aria-label={t('knowledge.doc.progressOf', { name: document.title })}
      />
      <span className="text-xs text-text-muted">
        {document.progress}% · {chunks}
      </span>
    </div>
  );
}

function ReplaceButton({ document, onFile }: { document: KnowledgeDocument; onFile(file: File): void }) {
  const { t } = useI18n();
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <Button
        icon={Upload}
        iconOnlyOnPhone
        size="sm"
        variant="secondary"
        aria-label={t('knowledge.doc.replaceNamed', { name: document.title })}
        onClick={() => input.current?.click()}
      >
        {t('knowledge.doc.replace')}
      </Button>
      <input
        ref={input}
        type="file"
        accept={acceptedFiles}
        className="hidden"
        tabIndex={-1}
        aria-hidden="true"
        onChange={(event) => {
          const file = event.target.files?.[0];
          if (file) onFile(file);
          event.target.value = '';
        }}
      />
    </>
  );
}
