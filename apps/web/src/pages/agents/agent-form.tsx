import {
  type Agent,
  type AgentStatus,
  agentStatusSchema,
  channelSchema,
  createAgentSchema,
  defaultAgentToolNames,
  type ExecutorKind,
  type ToolInfo,
} from '@renum/contracts';
import { Save } from 'lucide-react';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';
import { useUnsavedChangesGuard } from '../../lib/unsaved-changes-guard.tsx';
import { type FieldErrors, submitParsed } from '../../lib/use-zod-form.ts';
import { Button } from '../../ui/button.tsx';
import { Card } from '../../ui/card.tsx';
import { Field } from '../../ui/field.tsx';
import { Input, Textarea } from '../../ui/input.tsx';
import { SelectMenu } from '../../ui/select-menu.tsx';
import { QueryState } from '../../ui/states.tsx';
import { FormError } from '../auth/form-error.tsx';
import { useModels, useTools } from './agent-queries.ts';
import { pickerVariables, renderPromptPreview, unknownPromptVariables } from './prompt-preview.ts';
import { type ToolDraft, ToolsEditor, toolDraftsOf, toolsFromDrafts } from './tools-editor.tsx';

/** What the agent form edits. */
export interface AgentFormValues {
  name: string;
  description: string;
  model: string;
  system_prompt: string;
  channel: string;
  status: AgentStatus;
  executor: ExecutorKind;
  tools: ToolDraft[];
}

/** The executors offered: the deployment's, plus the agent's own even if it is no longer offered. */
function executorChoices(offered: ExecutorKind[] | undefined, current: ExecutorKind): ExecutorKind[] {
  const kinds = offered ?? ['builtin'];
  return kinds.includes(current) ? kinds : [...kinds, current];
}

function initialValues(agent: Agent | undefined, catalog: readonly ToolInfo[]): AgentFormValues {
  return {
    name: agent?.name ?? '',
    description: agent?.description ?? '',
    model: agent?.model ?? '',
    system_prompt: agent?.system_prompt ?? '',
    channel: agent?.channel ?? 'web',
    status: agent?.status ?? 'draft',
    executor: (agent?.executor as ExecutorKind | undefined) ?? 'builtin',
    tools: toolDraftsOf(agent?.tools ?? defaultTools, catalog),
  };
}

/** A new agent starts with the built-ins ticked: the same default the API applies (ADR 0034). */
const defaultTools = defaultAgentToolNames.map((name) => ({ name, critical: false }));

/** Props of {@link AgentForm}. */
interface AgentFormProps {
  agent?: Agent;
  onSubmit(input: ReturnType<typeof createAgentSchema.parse>): Promise<unknown>;
}

/**
 * Creates or edits an agent. Validates with the server's own `createAgentSchema` before sending, and
 * puts the server's field errors (`VALIDATION_ERROR` details) beside the same fields. Waits for the tool
 * catalogue, which tells how each saved tool option is edited.
 */
export function AgentForm(props: AgentFormProps) {
  const tools = useTools();
  return <QueryState query={tools}>{(data) => <AgentFormBody {...props} catalog={data.data} />}</QueryState>;
}

function AgentFormBody({ agent, onSubmit, catalog }: AgentFormProps & { catalog: readonly ToolInfo[] }) {
  const { t } = useI18n();
  const models = useModels();
  const [initial] = useState<AgentFormValues>(() => initialValues(agent, catalog));
  const [values, setValues] = useState<AgentFormValues>(initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const [failures, setFailures] = useState(0);
  const summaryRef = useRef<HTMLDivElement>(null);
  const guard = useUnsavedChangesGuard(JSON.stringify(values) !== JSON.stringify(initial));
  // After a refused submit the summary takes focus and comes into view: the button is usually at the
  // bottom of a long page, and an error shown only at the top looked like nothing happened.
  useEffect(() => {
    if (failures === 0) return;
    summaryRef.current?.focus();
    summaryRef.current?.scrollIntoView({ block: 'start', behavior: 'smooth' });
  }, [failures]);
  // The kit's Textarea takes no ref: the prompt box is found inside its wrapper.
  const promptRef = useRef<HTMLDivElement>(null);

  const set = <KEY extends keyof AgentFormValues>(key: KEY, value: AgentFormValues[KEY]) => {
    setValues((current) => ({ ...current, [key]: value }));
    setErrors((current) => {
      const { [key]: _removed, ...rest } = current;
      return rest;
    });
  };

  const insertVariable = (name: string) => {
    const area = promptRef.current?.querySelector('textarea');
    const token = `{{${name}}}`;
    const start = area?.selectionStart ?? values.system_prompt.length;
    const end = area?.selectionEnd ?? start;
    const next = values.system_prompt.slice(0, start) + token + values.system_prompt.slice(end);
    set('system_prompt', next);
    requestAnimationFrame(() => {
      area?.focus();
      area?.setSelectionRange(start + token.length, start + token.length);
    });
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setFormError(null);
    const tools = toolsFromDrafts(values.tools, catalog, t);
    if (!tools.ok) {
      setErrors(tools.errors);
      setFailures((count) => count + 1);
      return;
    }
    const parsed = createAgentSchema.safeParse({
      name: values.name,
      description: values.description.trim() === '' ? null : values.description,
      system_prompt: values.system_prompt,
      ...(values.model ? { model: values.model } : {}),
      channel: values.channel,
      status: values.status,
      executor: values.executor,
      tools: tools.value,
    });
    guard.saving.current = true;
    const saved = await submitParsed(parsed, onSubmit, { setErrors, setFormError, setSubmitting, t });
    guard.saving.current = false;
    if (!saved) setFailures((count) => count + 1);
  };

  const unknown = unknownPromptVariables(values.system_prompt);
  return (
    <form noValidate onSubmit={submit} className="flex flex-col gap-6" aria-label={t('agents.form.label')}>
      <div ref={summaryRef} tabIndex={-1} className="scroll-mt-24 outline-none">
        <FormError
          message={
            formError ??
            (Object.keys(errors).length > 0
              ? t('form.fixFields', { count: Object.keys(errors).length })
              : null)
          }
        />
      </div>
      <Card title={t('agents.form.basics')}>
        <div className="grid gap-4 md:grid-cols-2">
          <Field label={t('agents.field.name')} error={errors.name} required>
            <Input value={values.name} onChange={(event) => set('name', event.target.value)} />
          </Field>
          <Field label={t('agents.field.model')} error={errors.model} hint={t('agents.field.modelHint')}>
            <SelectMenu value={values.model} onChange={(event) => set('model', event.target.value)}>
              <option value="">
                {t('agents.field.modelDefault', { model: models.data?.default_model ?? '…' })}
              </option>
              {agent && !models.data?.data.some((model) => model.id === agent.model) ? (
                <option value={agent.model}>{agent.model}</option>
              ) : null}
              {models.data?.data.map((model) => (
                <option key={model.id} value={model.id}>
                  {model.offline
                    ? // The server's label of its own offline model is English: named here in the reader's language.
                      `${model.provider === 'offline' ? 'Renum' : model.label} (${t('agents.field.offline')})`
                    : model.label}
                </option>
              ))}
            </SelectMenu>
          </Field>
          <Field label={t('agents.field.description')} error={errors.description} className="md:col-span-2">
            <Input value={values.description} onChange={(event) => set('description', event.target.value)} />
          </Field>
          <Field label={t('agents.field.channel')} error={errors.channel}>
            <SelectMenu value={values.channel} onChange={(event) => set('channel', event.target.value)}>
              {channelSchema.options.map((channel) => (
                <option key={channel} value={channel}>
                  {channel}
                </option>
              ))}
            </SelectMenu>
          </Field>
          <Field
            label={t('agents.field.executor')}
            error={errors.executor}
            hint={t('agents.field.executorHint')}
          >
            <SelectMenu
              value={values.executor}
              onChange={(event) => set('executor', event.target.value as ExecutorKind)}
            >
              {executorChoices(models.data?.executors, values.executor).map((kind) => (
                <option key={kind} value={kind}>
                  {t(`agents.executor.${kind}`)}
                </option>
              ))}
            </SelectMenu>
          </Field>
          <Field label={t('agents.field.status')} error={errors.status}>
            <SelectMenu
              value={values.status}
              onChange={(event) => set('status', event.target.value as AgentStatus)}
            >
              {agentStatusSchema.options.map((status) => (
                <option key={status} value={status}>
                  {t(`agents.status.${status}`)}
                </option>
              ))}
            </SelectMenu>
          </Field>
        </div>
      </Card>

      <Card title={t('agents.form.prompt')} className="flex flex-col gap-4">
        <div ref={promptRef}>
          <Field label={t('agents.field.systemPrompt')} error={errors.system_prompt} required>
            <Textarea
              rows={8}
              className="font-mono"
              value={values.system_prompt}
              onChange={(event) => set('system_prompt', event.target.value)}
            />
          </Field>
        </div>
        <div>
          <fieldset>
            <legend className="mb-2 text-sm font-medium">{t('agents.form.variables')}</legend>
            <div className="flex flex-wrap gap-1.5">
              {pickerVariables.map((name) => (
                <Button key={name} size="sm" variant="secondary" onClick={() => insertVariable(name)}>
                  {`{{${name}}}`}
                </Button>
              ))}
            </div>
          </fieldset>
          {unknown.length > 0 ? (
            <p role="alert" className="mt-2 text-sm text-warning">
              {t('agents.form.unknownVariables', { names: unknown.join(', ') })}
            </p>
          ) : null}
        </div>
        <div>
          <p className="mb-1 text-sm font-medium">{t('agents.form.preview')}</p>
          <pre
            aria-live="polite"
            className="max-h-64 overflow-auto whitespace-pre-wrap rounded-md border border-border bg-surface-muted p-3 text-sm"
          >
            {renderPromptPreview(values.system_prompt, values) || t('agents.form.previewEmpty')}
          </pre>
        </div>
      </Card>

      <Card title={t('agents.form.tools')}>
        <ToolsEditor
          value={values.tools}
          onChange={(tools) => set('tools', tools)}
          errors={errors}
          agentId={agent?.id}
        />
      </Card>

      <div className="flex justify-end gap-2">
        <Button icon={Save} type="submit" busy={submitting}>
          {agent ? t('common.save') : t('agents.create')}
        </Button>
      </div>
      {guard.dialog}
    </form>
  );
}
