import type { AgentTool, agentToolNames, ToolInfo } from '@renum/contracts';
import { type Translate, useI18n } from '../../i18n/i18n.tsx';
import type { FieldErrors } from '../../lib/use-zod-form.ts';
import { Badge } from '../../ui/card.tsx';
import { ErrorState, LoadingState } from '../../ui/states.tsx';
import { useTools } from './agent-queries.ts';
import { type OptionValue, optionsFromValues, optionValuesOf } from './tool-options.ts';
import { ToolOptionsForm, toolDescription } from './tool-options-form.tsx';
import { ToolPolicyEditor, useAgentPolicies } from './tool-policy-editor.tsx';
import { isTestable } from './tool-test.ts';
import { ToolTestButton } from './tool-test-dialog.tsx';

/** One enabled tool being edited: its options as field values until the form is sent. */
export interface ToolDraft {
  name: string;
  /** `undefined` = the tool's default. */
  critical: boolean | undefined;
  options: Record<string, OptionValue>;
  /** Saved option keys the tool does not know: shown, and dropped on save. */
  dropped: string[];
}

/** An agent's tools as drafts (the catalog tells each option's type). */
export function toolDraftsOf(
  tools: ReadonlyArray<{ name: string; options?: Record<string, unknown>; critical: boolean }>,
  catalog: readonly ToolInfo[],
): ToolDraft[] {
  return tools.map((tool) => {
    const { values, unknown } = optionValuesOf(
      catalog.find((info) => info.name === tool.name),
      tool.options,
    );
    return { name: tool.name, critical: tool.critical, options: values, dropped: unknown };
  });
}

/** Drafts to the contract's tool list; a value that is not a number or not JSON is an error on its field. */
export function toolsFromDrafts(
  drafts: readonly ToolDraft[],
  catalog: readonly ToolInfo[],
  t: Translate,
): { ok: true; value: AgentTool[] } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const value: AgentTool[] = [];
  drafts.forEach((draft, index) => {
    const { options, problems } = optionsFromValues(
      catalog.find((info) => info.name === draft.name),
      draft.options,
    );
    for (const [name, problem] of Object.entries(problems)) {
      errors[`tools.${index}.options.${name}`] = t(
        problem === 'number' ? 'tools.options.notNumber' : 'tools.options.notJson',
      );
    }
    value.push({
      name: draft.name as (typeof agentToolNames)[number],
      ...(Object.keys(options).length > 0 ? { options } : {}),
      ...(draft.critical === undefined ? {} : { critical: draft.critical }),
    });
  });
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, value };
}

/**
 * The error of tool `index` as a whole: its own, or one the server placed inside options the form has
 * no field for, prefixed with where it is (those of a field show beside it).
 */
function toolError(errors: FieldErrors, index: number, tool: ToolInfo): string | undefined {
  const own = errors[`tools.${index}.options`] ?? errors[`tools.${index}`];
  if (own !== undefined) return own;
  const prefix = `tools.${index}.options.`;
  const stray = Object.keys(errors).find(
    (field) =>
      field.startsWith(prefix) &&
      !tool.options.some((option) => field.slice(prefix.length).split('.')[0] === option.name),
  );
  return stray === undefined ? undefined : `${stray.slice(prefix.length)}: ${errors[stray]}`;
}

/**
 * The tools of `GET /v1/tools` with a switch each: an agent calls exactly the ticked ones (ADR 0034).
 * An enabled tool shows its `critical` flag (default from the catalog) and its options as a form.
 */
export function ToolsEditor({
  value,
  onChange,
  errors,
  agentId,
}: {
  value: ToolDraft[];
  onChange(tools: ToolDraft[]): void;
  errors: FieldErrors;
  /** A saved agent's id: each enabled tool then shows its approval policy editor. */
  agentId?: string | undefined;
}) {
  const { t } = useI18n();
  const tools = useTools();
  const policies = useAgentPolicies(agentId);
  if (tools.isPending) return <LoadingState />;
  if (tools.isError) return <ErrorState error={tools.error} onRetry={() => void tools.refetch()} />;
  const update = (name: string, change: Partial<ToolDraft>) =>
    onChange(value.map((draft) => (draft.name === name ? { ...draft, ...change } : draft)));
  return (
    <>
      {value.length === 0 ? (
        <p role="status" className="mb-2 text-sm text-text-muted">
          {t('tools.none')}
        </p>
      ) : null}
      <ul className="flex flex-col divide-y divide-border">
        {tools.data.data.map((tool: ToolInfo) => {
          const index = value.findIndex((draft) => draft.name === tool.name);
          const draft = value[index];
          const critical = draft?.critical ?? tool.critical_default;
          return (
            <li key={tool.name} className="flex flex-col gap-2 py-3">
              <div className="flex flex-wrap items-center gap-2">
                <label className="inline-flex items-center gap-2 text-sm font-medium">
                  <input
                    type="checkbox"
                    className="size-4"
                    checked={draft !== undefined}
                    onChange={(event) =>
                      onChange(
                        event.target.checked
                          ? [...value, { name: tool.name, critical: undefined, options: {}, dropped: [] }]
                          : value.filter((item) => item.name !== tool.name),
                      )
                    }
                  />
                  <span className="font-mono">{tool.name}</span>
                </label>
                <Badge tone="neutral">{t(`agents.tools.kind.${tool.kind}`)}</Badge>
                {draft && critical ? <Badge tone="warning">{t('agents.tools.critical')}</Badge> : null}
              </div>
              <p className="text-sm text-text-muted">{toolDescription(tool, t)}</p>
              {draft ? (
                <div className="flex flex-col gap-2 pl-6">
                  <label className="inline-flex items-center gap-2 text-sm">
                    <input
                      type="checkbox"
                      className="size-4"
                      checked={critical}
                      onChange={(event) => update(tool.name, { critical: event.target.checked })}
                    />
                    {t('agents.tools.requireApproval')}
                  </label>
                  {agentId && isTestable(tool, { options: draft.options, critical }) ? (
                    <div>
                      <ToolTestButton
                        agentId={agentId}
                        tool={tool}
                        draft={{ options: draft.options, critical }}
                      />
                    </div>
                  ) : null}
                  {tool.options.length > 0 ? (
                    <ToolOptionsForm
                      tool={tool}
                      index={index}
                      values={draft.options}
                      onChange={(options) => update(tool.name, { options })}
                      errors={errors}
                    />
                  ) : null}
                  {draft.dropped.length > 0 ? (
                    <p role="status" className="text-sm text-warning">
                      {t('tools.options.dropped', { names: draft.dropped.join(', ') })}
                    </p>
                  ) : null}
                  {toolError(errors, index, tool) ? (
                    <p role="alert" className="text-sm text-danger">
                      {toolError(errors, index, tool)}
                    </p>
                  ) : null}
                  {agentId && policies.data ? (
                    <ToolPolicyEditor
                      agentId={agentId}
                      tool={tool.name}
                      policy={
                        policies.data.data.find(
                          (policy) => policy.tool === tool.name && policy.agent_id === agentId,
                        ) ?? policies.data.data.find((policy) => policy.tool === tool.name)
                      }
                    />
                  ) : null}
                </div>
              ) : null}
            </li>
          );
        })}
      </ul>
    </>
  );
}
