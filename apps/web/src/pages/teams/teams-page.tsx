import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { Users } from 'lucide-react';
import { useI18n } from '../../i18n/i18n.tsx';
import { useApi } from '../../lib/web-api.tsx';
import { Badge, EmptyState, PageHeader, QueryState, Table } from '../../ui/index.ts';

/** The client's teams of agents. */
export function TeamsPage() {
  const { t, formatDate } = useI18n();
  const client = useApi();
  const teams = useQuery({ queryKey: ['teams'], queryFn: () => client.teams.list({ limit: 100 }) });
  return (
    <>
      <PageHeader
        title={t('nav.teams')}
        description={t('teams.listDescription')}
        actions={
          <Link
            to="/teams/new"
            className="inline-flex h-10 items-center rounded-md bg-primary px-4 text-sm font-medium text-primary-text hover:bg-primary-hover"
          >
            {t('teams.new')}
          </Link>
        }
      />
      <QueryState query={teams}>
        {(page) =>
          page.data.length === 0 ? (
            <EmptyState icon={Users} title={t('teams.empty')} description={t('teams.emptyHint')} />
          ) : (
            <Table
              caption={t('nav.teams')}
              rows={page.data}
              rowKey={(team) => team.id}
              columns={[
                {
                  key: 'name',
                  header: t('teams.name'),
                  cell: (team) => (
                    <Link
                      to="/teams/$teamId"
                      params={{ teamId: team.id }}
                      className="font-medium text-primary hover:underline"
                    >
                      {team.name}
                    </Link>
                  ),
                },
                {
                  key: 'type',
                  header: t('teams.type'),
                  cell: (team) => t(`teams.typeName.${team.workflow_definition.type}`),
                },
                {
                  key: 'steps',
                  header: t('teams.steps'),
                  cell: (team) => String(team.workflow_definition.agents.length),
                },
                {
                  key: 'status',
                  header: t('teams.status'),
                  cell: (team) => (
                    <Badge tone={team.status === 'active' ? 'success' : 'warning'}>
                      {t(`teams.teamStatus.${team.status}`)}
                    </Badge>
                  ),
                  shownFrom: 'lg',
                },
                {
                  key: 'updated',
                  header: t('teams.updated'),
                  cell: (team) => formatDate(team.updated_at),
                  shownFrom: 'lg',
                },
              ]}
            />
          )
        }
      </QueryState>
    </>
  );
}
