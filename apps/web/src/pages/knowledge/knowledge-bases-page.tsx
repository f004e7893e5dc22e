import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { BookOpen, Plus } from 'lucide-react';
import { useState } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';
import { useApi } from '../../lib/web-api.tsx';
import {
  Badge,
  Button,
  Dialog,
  EmptyState,
  PageHeader,
  QueryState,
  Table,
  useToast,
} from '../../ui/index.ts';
import { CreateBaseForm } from './create-base-form.tsx';

/** The client's knowledge bases: list and create (issue 10). */
export function KnowledgeBasesPage() {
  const { t, formatDate } = useI18n();
  const client = useApi();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const toast = useToast();
  const [creating, setCreating] = useState(false);
  const bases = useQuery({ queryKey: ['knowledge-bases'], queryFn: () => client.knowledge.list() });
  return (
    <>
      <PageHeader
        title={t('nav.knowledge')}
        description={t('knowledge.description')}
        actions={
          <Button icon={Plus} onClick={() => setCreating(true)}>
            {t('knowledge.create')}
          </Button>
        }
      />
      <QueryState query={bases}>
        {(list) =>
          list.data.length === 0 ? (
            <EmptyState icon={BookOpen} title={t('knowledge.empty')} description={t('knowledge.emptyHint')} />
          ) : (
            <Table
              caption={t('nav.knowledge')}
              rows={list.data}
              rowKey={(base) => base.id}
              columns={[
                {
                  key: 'name',
                  header: t('knowledge.field.name'),
                  cell: (base) => (
                    <Link
                      to="/knowledge/$baseId"
                      params={{ baseId: base.id }}
                      className="font-medium text-primary underline-offset-2 hover:underline"
                    >
                      {base.name}
                    </Link>
                  ),
                },
                {
                  key: 'documents',
                  header: t('knowledge.documents'),
                  cell: (base) => t('knowledge.documentCount', { count: base.document_count }),
                },
                {
                  key: 'search',
                  header: t('knowledge.field.embedding'),
                  cell: (base) =>
                    base.lexical_only ? (
                      <Badge tone="warning">{t('knowledge.lexicalOnly')}</Badge>
                    ) : (
                      <code className="text-xs">{base.embedding_model}</code>
                    ),
                  shownFrom: 'lg',
                },
                {
                  key: 'updated',
                  header: t('knowledge.doc.updated'),
                  cell: (base) => formatDate(base.updated_at),
                  shownFrom: 'lg',
                },
              ]}
            />
          )
        }
      </QueryState>
      <Dialog open={creating} onOpenChange={setCreating} title={t('knowledge.create')}>
        <CreateBaseForm
          onSubmit={async (input) => {
            const base = await client.knowledge.create(input);
            setCreating(false);
            toast({ title: t('knowledge.created'), tone: 'success' });
            await queryClient.invalidateQueries({ queryKey: ['knowledge-bases'] });
            await navigate({ to: '/knowledge/$baseId', params: { baseId: base.id } });
          }}
        />
      </Dialog>
    </>
  );
}
