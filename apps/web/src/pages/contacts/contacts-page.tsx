import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { Contact } from 'lucide-react';
import { useDeferredValue, useState } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';
import { useApi } from '../../lib/web-api.tsx';
import { Input } from '../../ui/input.tsx';
import { PageHeader } from '../../ui/page-header.tsx';
import { EmptyState, QueryState } from '../../ui/states.tsx';
import { Table } from '../../ui/table.tsx';
import { contactLabel } from './contact-label.ts';

const linkClass =
  'inline-flex h-10 items-center rounded-md bg-primary px-4 text-sm font-medium text-primary-text hover:bg-primary-hover';

/** The client's contacts, searchable; each opens its conversations, memories and erasure. */
export function ContactsPage() {
  const { t, formatDate } = useI18n();
  const client = useApi();
  const [search, setSearch] = useState('');
  const q = useDeferredValue(search.trim());
  const contacts = useQuery({
    queryKey: ['contacts', q],
    queryFn: ({ signal }) => client.contacts.list({ limit: 100, ...(q ? { q } : {}) }, { signal }),
  });
  return (
    <>
      <PageHeader title={t('nav.contacts')} description={t('contacts.description')} />
      <div className="mb-4 max-w-sm">
        <Input
          type="search"
          aria-label={t('contacts.search')}
          placeholder={t('contacts.search')}
          value={search}
          onChange={(event) => setSearch(event.target.value)}
        />
      </div>
      <QueryState query={contacts}>
        {(page) =>
          page.data.length === 0 ? (
            q ? (
              <EmptyState icon={Contact} title={t('contacts.emptySearch', { q })} />
            ) : (
              <EmptyState
                icon={Contact}
                title={t('contacts.empty')}
                description={t('contacts.emptyHint')}
                action={
                  <Link to="/playground" className={linkClass}>
                    {t('checklist.tryAgent')}
                  </Link>
                }
              />
            )
          ) : (
            <Table
              caption={t('nav.contacts')}
              rows={page.data}
              rowKey={(contact) => contact.id}
              columns={[
                {
                  key: 'name',
                  header: t('contacts.name'),
                  cell: (contact) => (
                    <Link
                      to="/contacts/$contactId"
                      params={{ contactId: contact.id }}
                      className="font-medium text-primary hover:underline"
                    >
                      {contactLabel(contact) ?? t('contacts.unnamed')}
                    </Link>
                  ),
                },
                { key: 'phone', header: t('contacts.phone'), cell: (contact) => contact.phone ?? '' },
                {
                  key: 'email',
                  header: t('contacts.email'),
                  cell: (contact) => contact.email ?? '',
                  shownFrom: 'lg',
                },
                {
                  key: 'external',
                  header: t('contacts.externalId'),
                  cell: (contact) => contact.external_id ?? '',
                  shownFrom: 'lg',
                },
                {
                  key: 'since',
                  header: t('contacts.since'),
                  cell: (contact) => formatDate(contact.created_at, { dateStyle: 'medium' }),
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
