import { type ApprovalPolicy, approvalRuleSchema } from '@renum/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { z } from 'zod';
import { useI18n } from '../../i18n/i18n.tsx';
import { describeError } from '../../lib/describe-error.ts';
import { useApi } from '../../lib/web-api.tsx';
import { Button } from '../../ui/button.tsx';
import { Field } from '../../ui/field.tsx';
import { Input, Textarea } from '../../ui/input.tsx';
import { SelectMenu } from '../../ui/select-menu.tsx';
import { useToast } from '../../ui/toast.tsx';

const rulesSchema = z.array(approvalRuleSchema).max(50);

/** The saved policies of an agent (its own and the client-wide ones), shared by its tools' editors. */
export function useAgentPolicies(agentId: string | undefined) {
  const client = useApi();
  return useQuery({
    queryKey: ['approval-policies', agentId],
    queryFn: ({ signal }) => client.approvalPolicies.list({ agent_id: agentId! }, { signal }),
    enabled: agentId !== undefined,
  });
}

/**
 * The approval policy of one tool of a saved agent: always ask, or ask when rules on the arguments match
 * (JSON, checked with the contract's rule schema), the deadline, its default outcome and an escalation to
 * members. Saved on its own (`POST /v1/approval-policies`), not with the agent form.
 */
export function ToolPolicyEditor({
  agentId,
  tool,
  policy,
}: {
  agentId: string;
  tool: string;
  policy: ApprovalPolicy | undefined;
}) {
  const { t } = useI18n();
  const client = useApi();
  const toast = useToast();
  const queryClient = useQueryClient();
  const own = policy?.agent_id === agentId ? policy : undefined;
  const [always, setAlways] = useState(own?.always ?? false);
  const [rulesText, setRulesText] = useState(own && own.rules.length > 0 ? JSON.stringify(own.rules) : '');
  const [hours, setHours] = useState(String((own?.timeout_seconds ?? 86_400) / 3600));
  const [outcome, setOutcome] = useState<'approve' | 'reject'>(own?.default_outcome ?? 'reject');
  const [escalate, setEscalate] = useState((own?.escalation_roles.length ?? 0) > 0);
  const [error, setError] = useState<string | undefined>();
  const save = useMutation({
    mutationFn: (rules: z.infer<typeof rulesSchema>) => {
      return client.approvalPolicies.set({
        agent_id: agentId,
        tool,
        always,
        rules,
        timeout_seconds: Math.round(Math.min(720, Math.max(1 / 60, Number(hours) || 24)) * 3600),
        default_outcome: outcome,
        escalation_roles: escalate ? ['member'] : [],
      });
    },
    onSuccess: async () => {
      setError(undefined);
      toast({ title: t('agents.policy.saved'), tone: 'success' });
      await queryClient.invalidateQueries({ queryKey: ['approval-policies', agentId] });
    },
    onError: (failure) => setError(describeError(failure, t)),
  });
  const submit = () => {
    const parsed = rulesText.trim()
      ? rulesSchema.safeParse(safeJson(rulesText))
      : { success: true as const, data: [] };
    if (!parsed.success) {
      setError(t('agents.policy.invalidRules'));
      return;
    }
    save.mutate(parsed.data);
  };
  return (
    <details className="rounded-md border border-border p-2 text-sm">
      <summary className="cursor-pointer font-medium">{t('agents.policy.title')}</summary>
      <div className="mt-2 flex flex-col gap-3">
        <label className="inline-flex items-center gap-2">
          <input
            type="checkbox"
            className="size-4"
            checked={always}
            onChange={(event) => setAlways(event.target.checked)}
          />
          {t('agents.policy.always')}
        </label>
        <Field label={t('agents.policy.rules')} hint={t('agents.policy.rulesHint')} error={error}>
          <Textarea
            rows={2}
            className="font-mono text-xs"
            placeholder='[{"field":"amount","op":"gt","value":1000}]'
            value={rulesText}
            onChange={(event) => setRulesText(event.target.value)}
          />
        </Field>
        <div className="grid gap-3 sm:grid-cols-2">
          <Field label={t('agents.policy.deadlineHours')}>
            <Input
              type="number"
              min={0.02}
              max={720}
              step="any"
              value={hours}
              onChange={(event) => setHours(event.target.value)}
            />
          </Field>
          <Field label={t('agents.policy.defaultOutcome')}>
            <SelectMenu
              value={outcome}
              onChange={(event) => setOutcome(event.target.value as 'approve' | 'reject')}
            >
              <option value="reject">{t('approvals.reject')}</option>
              <option value="approve">{t('approvals.approve')}</option>
            </SelectMenu>
          </Field>
        </div>
        <label className="inline-flex items-center gap-2">
          <input
            type="checkbox"
            className="size-4"
            checked={escalate}
            onChange={(event) => setEscalate(event.target.checked)}
          />
          {t('agents.policy.escalate')}
        </label>
        <div>
          <Button type="button" size="sm" variant="secondary" disabled={save.isPending} onClick={submit}>
            {t('agents.policy.save', { tool })}
          </Button>
        </div>
      </div>
    </details>
  );
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
