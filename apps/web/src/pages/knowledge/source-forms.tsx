import { addKnowledgeDocumentSchema } from '@renum/contracts';
import { RenumApiError } from '@renum/sdk';
import { type FormEvent, useState } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';
import { describeError } from '../../lib/describe-error.ts';
import { type FieldErrors, issuesToErrors } from '../../lib/use-zod-form.ts';
import { useApi } from '../../lib/web-api.tsx';
import { Button, Card, Field, Input, Textarea, useToast } from '../../ui/index.ts';
import { FormError } from '../auth/form-error.tsx';

/** Adds a web page (by its address) or a pasted text to a base. */
export function SourceForms({ knowledgeBaseId, onAdded }: { knowledgeBaseId: string; onAdded(): unknown }) {
  const { t } = useI18n();
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <Card title={t('knowledge.source.url')}>
        <SourceForm knowledgeBaseId={knowledgeBaseId} kind="url" onAdded={onAdded} />
      </Card>
      <Card title={t('knowledge.source.text')}>
        <SourceForm knowledgeBaseId={knowledgeBaseId} kind="text" onAdded={onAdded} />
      </Card>
    </div>
  );
}

function SourceForm({
  knowledgeBaseId,
  kind,
  onAdded,
}: {
  knowledgeBaseId: string;
  kind: 'url' | 'text';
  onAdded(): unknown;
}) {
  const { t } = useI18n();
  const client = useApi();
  const toast = useToast();
  const [title, setTitle] = useState('');
  const [value, setValue] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setFormError(null);
    const parsed = addKnowledgeDocumentSchema.safeParse(
      kind === 'url'
        ? { kind, url: value.trim(), ...(title.trim() ? { title } : {}) }
        : { kind, title, text: value },
    );
    if (!parsed.success) {
      setErrors(issuesToErrors(parsed.error.issues));
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      await client.knowledge.addDocument(knowledgeBaseId, parsed.data);
      setTitle('');
      setValue('');
      toast({ title: t('knowledge.source.added'), tone: 'success' });
      await onAdded();
    } catch (error) {
      if (RenumApiError.isInstance(error) && Object.keys(error.fields).length > 0) setErrors(error.fields);
      else setFormError(describeError(error, t));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={submit} noValidate className="flex flex-col gap-3">
      <FormError message={formError} />
      {kind === 'url' ? (
        <Field label={t('knowledge.source.urlField')} error={errors.url} required>
          <Input
            name="url"
            type="url"
            inputMode="url"
            value={value}
            onChange={(e) => setValue(e.target.value)}
          />
        </Field>
      ) : null}
      <Field label={t('knowledge.source.title')} error={errors.title} required={kind === 'text'}>
        <Input name={`${kind}-title`} value={title} onChange={(e) => setTitle(e.target.value)} />
      </Field>
      {kind === 'text' ? (
        <Field label={t('knowledge.source.textField')} error={errors.text} required>
          <Textarea name="text" rows={4} value={value} onChange={(e) => setValue(e.target.value)} />
        </Field>
      ) : null}
      <div className="flex justify-end">
        <Button type="submit" variant="secondary" busy={busy}>
          {t(kind === 'url' ? 'knowledge.source.addUrl' : 'knowledge.source.addText')}
        </Button>
      </div>
    </form>
  );
}
