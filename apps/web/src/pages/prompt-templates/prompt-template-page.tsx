import type { PromptTemplateDetail } from '@renum/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from '@tanstack/react-router';
import { Trash2 } from 'lucide-react';
import { useState } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';
import { describeError } from '../../lib/describe-error.ts';
import { useApi } from '../../lib/web-api.tsx';
import { Button } from '../../ui/button.tsx';
import { Badge, Card } from '../../ui/card.tsx';
import { ConfirmDialog } from '../../ui/dialog.tsx';
import { Field } from '../../ui/field.tsx';
import { Textarea } from '../../ui/input.tsx';
import { PageHeader } from '../../ui/page-header.tsx';
import { SelectMenu } from '../../ui/select-menu.tsx';
import { LoadingState, QueryState } from '../../ui/states.tsx';
import { useToast } from '../../ui/toast.tsx';
import { FormError } from '../auth/form-error.tsx';
import { UseInAgent } from './use-in-agent.tsx';
import { VersionDiffView } from './version-diff-view.tsx';

const linkClass =
  'inline-flex h-10 items-center rounded-md border border-border bg-surface-raised px-4 text-sm font-medium hover:bg-surface-muted';

/** A new version from the latest's text, edited; refused when unchanged. */
function NewVersionForm({ template }: { template: PromptTemplateDetail }) {
  const { t } = useI18n();
  const client = useApi();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [body, setBody] = useState(template.latest.body);
  const [error, setError] = useState<string | null>(null);
  const next = template.latest_version + 1;
  const save = useMutation({
    mutationFn: () => client.promptTemplates.createVersion(template.id, body),
    onSuccess: async (version) => {
      toast({ title: t('templates.versionSaved', { version: String(version.version) }), tone: 'success' });
      await queryClient.invalidateQueries({ queryKey: ['prompt-templates'] });
    },
    onError: (failure) => setError(describeError(failure, t)),
  });
  return (
    <form
      noValidate
      className="flex flex-col gap-3"
      onSubmit={(event) => {
        event.preventDefault();
        setError(null);
        if (body === template.latest.body) setError(t('templates.unchanged'));
        else save.mutate();
      }}
    >
      <FormError message={error} />
      <Field label={t('templates.body')} hint={t('templates.bodyHint')} required>
        <Textarea value={body} onChange={(event) => setBody(event.target.value)} rows={10} />
      </Field>
      <div className="flex justify-end">
        <Button type="submit" busy={save.isPending}>
          {t('templates.saveVersion', { version: String(next) })}
        </Button>
      </div>
    </form>
  );
}

/** Two version pickers (older on the left) and the line diff of their texts. */
function CompareVersions({ template }: { template: PromptTemplateDetail }) {
  const { t } = useI18n();
  const client = useApi();
  const latest = template.latest_version;
  const [from, setFrom] = useState(Math.max(1, latest - 1));
  const [to, setTo] = useState(latest);
  const text = (version: number) => ({
    queryKey: ['prompt-templates', template.id, 'versions', version],
    queryFn: () => client.promptTemplates.getVersion(template.id, version),
    staleTime: Number.POSITIVE_INFINITY, // versions are immutable
  });
  const before = useQuery(text(from));
  const after = useQuery(text(to));
  const picker = (label: string, value: number, onChange: (version: number) => void) => (
    <Field label={label}>
      <SelectMenu value={String(value)} onChange={(event) => onChange(Number(event.target.value))}>
        {template.versions.map((version) => (
          <option key={version.id} value={version.version}>
            {t('templates.versionN', { version: String(version.version) })}
          </option>
        ))}
      </SelectMenu>
    </Field>
  );
  return (
    <Card title={t('templates.compare')}>
      <div className="mb-3 grid grid-cols-2 gap-3">
        {picker(t('templates.from'), from, setFrom)}
        {picker(t('templates.to'), to, setTo)}
      </div>
      {before.data && after.data ? (
        <VersionDiffView before={before.data.body} after={after.data.body} />
      ) : before.isError || after.isError ? (
        <FormError message={describeError(before.error ?? after.error, t)} />
      ) : (
        <LoadingState />
      )}
    </Card>
  );
}

/** One template: its versions, a new version, the diff of two versions, and "use in an agent". */
export function PromptTemplatePage() {
  const { t, formatDate } = useI18n();
  const client = useApi();
  const { templateId } = useParams({ from: '/app/prompt-templates/$templateId' });
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const toast = useToast();
  const [deleting, setDeleting] = useState(false);
  const template = useQuery({
    queryKey: ['prompt-templates', templateId],
    queryFn: () => client.promptTemplates.get(templateId),
  });
  const remove = useMutation({
    mutationFn: () => client.promptTemplates.delete(templateId),
    onSuccess: async () => {
      toast({ title: t('templates.deleted'), tone: 'success' });
      await queryClient.invalidateQueries({ queryKey: ['prompt-templates'] });
      await navigate({ to: '/prompt-templates' });
    },
    onError: (error) => {
      setDeleting(false);
      toast({ title: describeError(error, t), tone: 'error' });
    },
  });
  return (
    <QueryState query={template}>
      {(data) => (
        <>
          <PageHeader
            title={data.name}
            description={data.description ?? undefined}
            actions={
              <>
                <Link to="/prompt-templates" className={linkClass}>
                  {t('templates.back')}
                </Link>
                <Button icon={Trash2} variant="danger" onClick={() => setDeleting(true)}>
                  {t('common.delete')}
                </Button>
              </>
            }
          />
          <div className="grid gap-4 lg:grid-cols-2">
            <Card title={t('templates.newVersion')}>
              <NewVersionForm key={data.latest_version} template={data} />
            </Card>
            <div className="flex flex-col gap-4">
              <UseInAgent template={data} versionId={data.latest.id} version={data.latest_version} />
              <Card title={t('templates.versions')}>
                <ol className="flex flex-col divide-y divide-border text-sm">
                  {data.versions.map((version) => (
                    <li key={version.id} className="flex flex-wrap items-center gap-2 py-2">
                      <Badge tone={version.version === data.latest_version ? 'success' : 'neutral'}>
                        {t('templates.versionN', { version: String(version.version) })}
                      </Badge>
                      <span className="text-text-muted">{formatDate(version.created_at)}</span>
                      <span className="text-xs text-text-muted">
                        {version.variables.length > 0
                          ? version.variables.map((name) => `{{${name}}}`).join(' ')
                          : t('templates.noVariables')}
                      </span>
                    </li>
                  ))}
                </ol>
              </Card>
            </div>
          </div>
          {data.versions.length > 1 ? (
            <div className="mt-4">
              <CompareVersions key={data.latest_version} template={data} />
            </div>
          ) : null}
          <ConfirmDialog
            open={deleting}
            onOpenChange={setDeleting}
            title={t('templates.deleteTitle', { name: data.name })}
            description={t('templates.deleteDescription')}
            confirmLabel={t('common.delete')}
            busy={remove.isPending}
            onConfirm={() => remove.mutate()}
          />
        </>
      )}
    </QueryState>
  );
}
