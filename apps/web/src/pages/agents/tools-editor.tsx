import type { AgentTool, agentToolNames, ToolInfo } from '@renum/contracts';
import { useI18n } from '../../i18n/i18n.tsx';
import type { FieldErrors } from '../../lib/use-zod-form.ts';
import { Badge } from '../../ui/card.tsx';
import { Field } from '../../ui/field.tsx';
import { Textarea } from '../../ui/input.tsx';
import { ErrorState, LoadingState } from '../../ui/states.tsx';
import { useTools } from './agent-queries.ts';
import { ToolPolicyEditor, useAgentPolicies } from './tool-policy-editor.tsx';

/** One enabled tool being edited: its options as JSON text until the form is sent. */
export interface ToolDraft {
  name: string;
  /** `undefined` = the tool's default. */
  critical: boolean | undefined;
  optionsText: string;
}

/** An agent's tools as drafts. */
export function toolDraftsOf(
  tools: ReadonlyArray<{ name: string; options?: Record<string, unknown>; critical: boolean }>,
): ToolDraft[] {
  return tools.map((tool) => ({
    name: tool.name,
    critical: tool.critical,
    optionsText:
      tool.options && Object.keys(tool.options).length > 0 ? JSON.stringify(tool.options, null, 2) : '',
  }));
}

/** Drafts to the contract's tool list; option text that is not a JSON object is an error on its field. */
export function toolsFromDrafts(
  drafts: readonly ToolDraft[],
): { ok: true; value: AgentTool[] } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const value: AgentTool[] = [];
  drafts.forEach((draft, index) => {
    let options: Record<string, unknown> | undefined;
    if (draft.optionsText.trim() !== '') {
      try {
        const parsed: unknown = JSON.parse(draft.optionsText);
        if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
          throw new Error('not an object');
        options = parsed as Record<string, unknown>;
      } catch {
        errors[`tools.${index}.options`] = 'must be a JSON object';
      }
    }
    value.push({
      name: draft.name as (typeof agentToolNames)[number],
      ...(options ? { options } : {}),
      ...(draft.critical === undefined ? {} : { critical: draft.critical }),
    });
  });
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, value };
}

/**
 * The error to show beside tool `index`: its own, or the first one the server placed inside its
 * options (e.g. `tools.0.options.parameters.properties.url.pattern`), prefixed with where it is.
 */
function toolError(errors: FieldErrors, index: number): string | undefined {
  const own = errors[`tools.${index}.options`] ?? errors[`tools.${index}`];
  if (own !== undefined) return own;
  const prefix = `tools.${index}.options.`;
  const nested = Object.keys(errors).find((field) => field.startsWith(prefix));
  return nested === undefined ? undefined : `${nested.slice(prefix.length)}: ${errors[nested]}`;
}

/**
 * The tools of `GET /v1/tools` with a switch each; an enabled tool shows its `critical` flag (default
 * from the catalog) and its options as JSON, with the option schema summarised beside it.
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
                        ? [...value, { name: tool.name, critical: undefined, optionsText: '' }]
                        : value.filter((item) => item.name !== tool.name),
                    )
                  }
                />
                <span className="font-mono">{tool.name}</span>
              </label>
              <Badge tone={tool.kind === 'builtin' ? 'neutral' : 'primary'}>
                {t(`agents.tools.kind.${tool.kind}`)}
              </Badge>
              {draft && critical ? <Badge tone="warning">{t('agents.tools.critical')}</Badge> : null}
            </div>
            <p className="text-sm text-text-muted">{tool.description}</p>
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
                {tool.options.length > 0 ? (
                  <Field
                    label={t('agents.tools.options', { tool: tool.name })}
                    hint={tool.options
                      .map((option) => `${option.name}${option.required ? '*' : ''}: ${option.type}`)
                      .join(' · ')}
                    error={toolError(errors, index)}
                  >
                    <Textarea
                      rows={3}
                      className="font-mono text-xs"
                      placeholder="{}"
                      value={draft.optionsText}
                      onChange={(event) => update(tool.name, { optionsText: event.target.value })}
                    />
                  </Field>
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
  );
}
