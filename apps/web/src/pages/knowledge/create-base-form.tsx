import { type CreateKnowledgeBase, createKnowledgeBaseSchema } from '@renum/contracts';
import { RenumApiError } from '@renum/sdk';
import { Plus } from 'lucide-react';
import { type FormEvent, useState } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';
import { describeError } from '../../lib/describe-error.ts';
import { type FieldErrors, issuesToErrors } from '../../lib/use-zod-form.ts';
import { Button, Field, Input, Textarea } from '../../ui/index.ts';
import { SelectMenu } from '../../ui/select-menu.tsx';
import { FormError } from '../auth/form-error.tsx';

/**
 * Creates a knowledge base: name, description, language, embedding model (empty: lexical only), an
 * optional reranker and the chunking settings, prefilled with the contract's defaults.
 */
export function CreateBaseForm({ onSubmit }: { onSubmit(input: CreateKnowledgeBase): Promise<unknown> }) {
  const { t, locale } = useI18n();
  const [values, setValues] = useState({
    name: '',
    description: '',
    // The person's own language is the likeliest of their documents (Portuguese stop words and stems on
    // an English manual drop nothing and stem badly).
    language: locale === 'en' ? 'english' : 'portuguese',
    embedding_model: '',
    reranker_model: '',
    chunk_target_tokens: '350',
    chunk_overlap_tokens: '40',
  });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (name: keyof typeof values) => (event: { target: { value: string } }) =>
    setValues((current) => ({ ...current, [name]: event.target.value }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setFormError(null);
    const parsed = createKnowledgeBaseSchema.safeParse({
      name: values.name,
      description: values.description.trim() === '' ? null : values.description,
      language: values.language,
      embedding_model: values.embedding_model.trim() === '' ? null : values.embedding_model,
      reranker_model: values.reranker_model.trim() === '' ? null : values.reranker_model,
      chunk_target_tokens: Number(values.chunk_target_tokens),
      chunk_overlap_tokens: Number(values.chunk_overlap_tokens),
    });
    if (!parsed.success) {
      setErrors(issuesToErrors(parsed.error.issues));
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      await onSubmit(parsed.data);
    } catch (error) {
      // The one conflict a new base meets is its name, said on the name field rather than as a vague
      // "conflicts with something that already exists" above the form.
      if (RenumApiError.isInstance(error) && error.code === 'CONFLICT')
        setErrors({ name: t('knowledge.nameTaken') });
      else if (RenumApiError.isInstance(error) && Object.keys(error.fields).length > 0)
        setErrors(error.fields);
      else setFormError(describeError(error, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} noValidate className="flex flex-col gap-4">
      <FormError message={formError} />
      <Field label={t('knowledge.field.name')} error={errors.name} required>
        <Input name="name" value={values.name} onChange={set('name')} autoComplete="off" />
      </Field>
      <Field label={t('knowledge.field.description')} error={errors.description}>
        <Textarea name="description" rows={2} value={values.description} onChange={set('description')} />
      </Field>
      <Field
        label={t('knowledge.field.language')}
        hint={t('knowledge.field.languageHint')}
        error={errors.language}
      >
        <SelectMenu name="language" value={values.language} onChange={set('language')}>
          <option value="portuguese">{t('knowledge.language.portuguese')}</option>
          <option value="english">{t('knowledge.language.english')}</option>
          <option value="simple">{t('knowledge.language.simple')}</option>
        </SelectMenu>
      </Field>
      <Field
        label={t('knowledge.field.embedding')}
        hint={t('knowledge.field.embeddingHint')}
        error={errors.embedding_model}
      >
        <Input name="embedding_model" value={values.embedding_model} onChange={set('embedding_model')} />
      </Field>
      <Field
        label={t('knowledge.field.reranker')}
        hint={t('knowledge.field.rerankerHint')}
        error={errors.reranker_model}
      >
        <Input name="reranker_model" value={values.reranker_model} onChange={set('reranker_model')} />
      </Field>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label={t('knowledge.field.chunkTarget')} error={errors.chunk_target_tokens}>
          <Input
            name="chunk_target_tokens"
            type="number"
            inputMode="numeric"
            min={50}
            max={4000}
            value={values.chunk_target_tokens}
            onChange={set('chunk_target_tokens')}
          />
        </Field>
        <Field label={t('knowledge.field.chunkOverlap')} error={errors.chunk_overlap_tokens}>
          <Input
            name="chunk_overlap_tokens"
            type="number"
            inputMode="numeric"
            min={0}
            max={1000}
            value={values.chunk_overlap_tokens}
            onChange={set('chunk_overlap_tokens')}
          />
        </Field>
      </div>
      <div className="flex justify-end">
        <Button icon={Plus} type="submit" busy={busy}>
          {t('knowledge.create')}
        </Button>
      </div>
    </form>
  );
}
