import type { ToolInfo, ToolProxyResult } from '@renum/contracts';
import { useMutation } from '@tanstack/react-query';
import { FlaskConical, Play } from 'lucide-react';
import { type FormEvent, useState } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';
import { describeError } from '../../lib/describe-error.ts';
import { useApi } from '../../lib/web-api.tsx';
import { Button } from '../../ui/button.tsx';
import { Dialog } from '../../ui/dialog.tsx';
import { type OptionValue, optionsFromValues } from './tool-options.ts';
import { OptionField, toolDescription, useOptionLabel } from './tool-options-form.tsx';
import { type TestableDraft, testFields, testToolName } from './tool-test.ts';

/** The result as a person reads it: text as is, anything else as indented JSON. */
function formatResult(result: unknown): string {
  return typeof result === 'string' ? result : JSON.stringify(result, null, 2);
}

function TestResult({ answer }: { answer: ToolProxyResult }) {
  const { t } = useI18n();
  return (
    <section aria-label={t('schedules.result')} className="flex flex-col gap-1">
      <p className={answer.is_error ? 'text-sm text-danger' : 'text-sm text-success'}>
        {answer.is_error
          ? t('tools.test.failed', { code: answer.error_code ?? '' })
          : t('tools.test.succeeded', { ms: answer.duration_ms })}
      </p>
      <pre className="max-h-64 overflow-auto whitespace-pre-wrap break-words rounded-md bg-surface-muted p-3 font-mono text-xs">
        {formatResult(answer.result)}
      </pre>
    </section>
  );
}

/**
 * The "Test" button of an enabled tool and its dialog: the call's fields generated from the tool's input
 * schema (as the options are), Run, and the answer of `POST /v1/agents/{id}/tools/{tool}/test` with the
 * agent's saved options (ADR 0066). The caller shows it only for tools without side effects.
 */
export function ToolTestButton({
  agentId,
  tool,
  draft,
}: {
  agentId: string;
  tool: ToolInfo;
  draft: TestableDraft;
}) {
  const { t } = useI18n();
  const client = useApi();
  const labelOf = useOptionLabel();
  const [open, setOpen] = useState(false);
  const [values, setValues] = useState<Record<string, OptionValue>>({});
  const [problems, setProblems] = useState<Record<string, string>>({});
  const fields = testFields(tool, draft);
  const name = testToolName(tool, draft);
  const run = useMutation({
    mutationFn: (input: Record<string, unknown>) => client.tools.test(agentId, name, input),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const { options, problems: found } = optionsFromValues({ ...tool, options: fields }, values);
    const messages = Object.fromEntries(
      Object.entries(found).map(([field, problem]) => [
        field,
        t(problem === 'number' ? 'tools.options.notNumber' : 'tools.options.notJson'),
      ]),
    );
    setProblems(messages);
    if (Object.keys(messages).length === 0) run.mutate(options);
  };
  return (
    <>
      <Button variant="secondary" size="sm" icon={FlaskConical} onClick={() => setOpen(true)}>
        {t('tools.test.open')}
        <span className="sr-only"> {name}</span>
      </Button>
      <Dialog
        open={open}
        onOpenChange={(next) => {
          setOpen(next);
          if (!next) run.reset();
        }}
        title={`${t('tools.test.open')} ${name}`}
        description={toolDescription(tool, t)}
      >
        <form className="flex flex-col gap-3" onSubmit={submit} noValidate>
          {fields.map((option) => (
            <OptionField
              key={option.name}
              option={option}
              label={labelOf(option)}
              value={values[option.name]}
              error={problems[option.name]}
              onChange={(value) => setValues({ ...values, [option.name]: value })}
            />
          ))}
          <div className="flex justify-end">
            <Button type="submit" icon={Play} busy={run.isPending}>
              {t('tools.test.run')}
            </Button>
          </div>
          <div aria-live="polite">
            {run.isError ? (
              <p role="alert" className="text-sm text-danger">
                {describeError(run.error, t)}
              </p>
            ) : null}
            {run.isSuccess ? <TestResult answer={run.data} /> : null}
          </div>
        </form>
      </Dialog>
    </>
  );
}
