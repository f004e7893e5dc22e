import { createPromptTemplateSchema } from '@renum/contracts';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { FileText, Plus } from 'lucide-react';
import { useState } from 'react';
import { z } from 'zod';
import { useI18n } from '../../i18n/i18n.tsx';
import { useZodForm } from '../../lib/use-zod-form.ts';
import { useApi } from '../../lib/web-api.tsx';
import { Button } from '../../ui/button.tsx';
import { Dialog } from '../../ui/dialog.tsx';
import { Field } from '../../ui/field.tsx';
import { Input, Textarea } from '../../ui/input.tsx';
import { PageHeader } from '../../ui/page-header.tsx';
import { EmptyState, QueryState } from '../../ui/states.tsx';
import { Table } from '../../ui/table.tsx';
import { useToast } from '../../ui/toast.tsx';
import { FormError } from '../auth/form-error.tsx';

const createFormSchema = z
  .object({
    name: createPromptTemplateSchema.shape.name,
    description: z.string().max(2000),
    body: z.string().min(1).max(100_000),
  })
  .transform(({ description, ...rest }) => ({
    ...rest,
    description: description.trim() === '' ? null : description.trim(),
  }));

/** Name, description and first text of a new template (its version 1). */
function CreateTemplateForm({ onCreated }: { onCreated(id: string): Promise<void> }) {
  const { t } = useI18n();
  const client = useApi();
  const form = useZodForm(createFormSchema, { name: '', description: '', body: '' });
  return (
    <form
      noValidate
      className="flex flex-col gap-4"
      onSubmit={form.handleSubmit(async (input) => {
        const created = await client.promptTemplates.create(input);
        await onCreated(created.id);
      })}
    >
      <FormError message={form.formError} />
      <Field label={t('templates.name')} error={form.errors.name} required>
        <Input {...form.register('name')} autoComplete="off" />
      </Field>
      <Field label={t('templates.templateDescription')} error={form.errors.description}>
        <Input {...form.register('description')} autoComplete="off" />
      </Field>
      <Field label={t('templates.body')} error={form.errors.body} hint={t('templates.bodyHint')} required>
        <Textarea {...form.register('body')} rows={8} />
      </Field>
      <div className="flex justify-end">
        <Button icon={Plus} type="submit" busy={form.submitting}>
          {t('templates.create')}
        </Button>
      </div>
    </form>
  );
}

/** The client's prompt templates: search, create (version 1), open one for its versions. */
export function PromptTemplatesPage() {
  const { t, formatDate } = useI18n();
  const client = useApi();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const toast = useToast();
  const [creating, setCreating] = useState(false);
  const [search, setSearch] = useState('');
  const templates = useQuery({
    queryKey: ['prompt-templates', search],
    queryFn: () => client.promptTemplates.list({ limit: 100, ...(search ? { search } : {}) }),
  });
  const createButton = (
    <Button icon={Plus} onClick={() => setCreating(true)}>
      {t('templates.create')}
    </Button>
  );
  return (
    <>
      <PageHeader
        title={t('nav.promptTemplates')}
        description={t('templates.description')}
        actions={createButton}
      />
      <div className="mb-4 max-w-sm">
        <Input
          type="search"
          aria-label={t('templates.search')}
          placeholder={t('templates.search')}
          value={search}
          onChange={(event) => setSearch(event.target.value)}
        />
      </div>
      <QueryState query={templates}>
        {(page) =>
          page.data.length === 0 ? (
            <EmptyState
              icon={FileText}
              title={t('templates.empty')}
              description={t('templates.emptyHint')}
              action={search ? undefined : createButton}
            />
          ) : (
            <Table
              caption={t('nav.promptTemplates')}
              rows={page.data}
              rowKey={(template) => template.id}
              columns={[
                {
                  key: 'name',
                  header: t('templates.name'),
                  cell: (template) => (
                    <Link
                      to="/prompt-templates/$templateId"
                      params={{ templateId: template.id }}
                      className="font-medium text-primary hover:underline"
                    >
                      {template.name}
                    </Link>
                  ),
                },
                {
                  key: 'description',
                  header: t('templates.templateDescription'),
                  cell: (template) => template.description ?? '',
                  shownFrom: 'lg',
                },
                {
                  key: 'latest',
                  header: t('templates.latest'),
                  cell: (template) => t('templates.versionN', { version: String(template.latest_version) }),
                },
                {
                  key: 'updated',
                  header: t('templates.updated'),
                  cell: (template) => formatDate(template.updated_at),
                  shownFrom: 'lg',
                },
              ]}
            />
          )
        }
      </QueryState>
      <Dialog open={creating} onOpenChange={setCreating} title={t('templates.create')}>
        <CreateTemplateForm
          onCreated={async (id) => {
            setCreating(false);
            toast({ title: t('templates.created'), tone: 'success' });
            await queryClient.invalidateQueries({ queryKey: ['prompt-templates'] });
            await navigate({ to: '/prompt-templates/$templateId', params: { templateId: id } });
          }}
        />
      </Dialog>
    </>
  );
}
