import { useQuery } from '@tanstack/react-query';
import { type LucideIcon, ThumbsDown, ThumbsUp } from 'lucide-react';
import { useI18n } from '../../i18n/i18n.tsx';
import { useApi } from '../../lib/web-api.tsx';
import { Card, QueryState, Table } from '../../ui/index.ts';

/**
 * How the base is used (last 30 days): searches, spend, hits and feedback per document, and the passages
 * most often behind disliked answers (the ones to fix first).
 */
export function UsagePanel({ knowledgeBaseId }: { knowledgeBaseId: string }) {
  const { t, formatNumber } = useI18n();
  const client = useApi();
  const usage = useQuery({
    queryKey: ['knowledge-bases', knowledgeBaseId, 'usage'],
    queryFn: () => client.knowledge.usage(knowledgeBaseId),
  });
  const money = (value: number) =>
    formatNumber(value, { style: 'currency', currency: 'USD', maximumFractionDigits: 4 });
  return (
    <Card title={t('knowledge.usage.title')} data-testid="knowledge-usage">
      <QueryState query={usage}>
        {(report) => (
          <div className="flex flex-col gap-4">
            <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
              <Figure label={t('knowledge.usage.queries')} value={formatNumber(report.queries)} />
              <Figure
                label={t('knowledge.usage.embeddingCalls')}
                value={formatNumber(report.spend.embedding_calls)}
              />
              <Figure
                label={t('knowledge.usage.pageFetches')}
                value={formatNumber(report.spend.page_fetches)}
              />
              <Figure
                label={t('knowledge.usage.cost')}
                value={money(report.spend.embedding_cost_usd + report.spend.page_fetch_cost_usd)}
              />
            </dl>
            {report.documents.length === 0 ? (
              <p className="text-sm text-text-muted">{t('knowledge.usage.noDocuments')}</p>
            ) : (
              <Table
                caption={t('knowledge.documents')}
                rows={report.documents}
                rowKey={(row) => row.document_id}
                columns={[
                  {
                    key: 'title',
                    header: t('knowledge.doc.title'),
                    // A web page's title is its address: one long word that would push the counts off a phone.
                    cell: (row) => <span className="break-all">{row.title}</span>,
                  },
                  { key: 'hits', header: t('knowledge.usage.hits'), cell: (row) => formatNumber(row.hits) },
                  {
                    key: 'up',
                    header: <IconHeader icon={ThumbsUp} label={t('knowledge.usage.up')} />,
                    cell: (row) => formatNumber(row.feedback_up),
                  },
                  {
                    key: 'down',
                    header: <IconHeader icon={ThumbsDown} label={t('knowledge.usage.down')} />,
                    cell: (row) => formatNumber(row.feedback_down),
                  },
                ]}
              />
            )}
            <div>
              <h3 className="mb-2 text-sm font-semibold">{t('knowledge.usage.disliked')}</h3>
              {report.disliked_chunks.length === 0 ? (
                <p className="text-sm text-text-muted">{t('knowledge.usage.noDisliked')}</p>
              ) : (
                <ol className="flex flex-col gap-2" data-testid="disliked-chunks">
                  {report.disliked_chunks.map((chunk) => (
                    <li key={chunk.chunk_id} className="rounded-md border border-border p-3 text-sm">
                      <p className="mb-1 flex flex-wrap gap-x-3 text-xs text-text-muted">
                        <span className="font-medium text-text">{chunk.document_title}</span>
                        <span>
                          {t('knowledge.usage.down')}: {chunk.down}
                        </span>
                        <span>
                          {t('knowledge.usage.up')}: {chunk.up}
                        </span>
                      </p>
                      <p className="whitespace-pre-wrap break-words">{chunk.excerpt}</p>
                    </li>
                  ))}
                </ol>
              )}
            </div>
          </div>
        )}
      </QueryState>
    </Card>
  );
}

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <div className="rounded-md bg-surface-muted p-3">
      <dt className="text-xs text-text-muted">{label}</dt>
      <dd className="text-lg font-semibold">{value}</dd>
    </div>
  );
}

/** A column header that is only its icon on a phone (the table fits 390 px), its label kept for screen readers. */
function IconHeader({ icon: Icon, label }: { icon: LucideIcon; label: string }) {
  return (
    <span className="inline-flex items-center gap-1" title={label}>
      <Icon aria-hidden="true" className="h-4 w-4 shrink-0" />
      <span className="max-sm:sr-only">{label}</span>
    </span>
  );
}
