import { type KnowledgeAttachment, setKnowledgeAttachmentsSchema } from '@renum/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Plus, Save, X } from 'lucide-react';
import { useEffect, useState } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';
import { describeError } from '../../lib/describe-error.ts';
import { useApi } from '../../lib/web-api.tsx';
import { Button, Card, Field, Input, QueryState, useToast } from '../../ui/index.ts';
import { SelectMenu } from '../../ui/select-menu.tsx';
import { FormError } from '../auth/form-error.tsx';

type Row = KnowledgeAttachment & { name: string };

/**
 * The knowledge bases an agent (or one of its sub-agents) reads before answering, each with how many
 * passages it gives per answer (top-k) and the lowest score kept. Saved as a whole list.
 */
export function KnowledgeAttachmentsEditor({
  agentId,
  subAgentId,
}: {
  agentId: string;
  subAgentId?: string;
}) {
  const { t } = useI18n();
  const client = useApi();
  const queryClient = useQueryClient();
  const toast = useToast();
  const queryKey = ['agents', agentId, 'knowledge-bases', subAgentId ?? 'agent'];
  const attached = useQuery({
    queryKey,
    queryFn: () =>
      subAgentId
        ? client.knowledge.subAgentAttachments(agentId, subAgentId)
        : client.knowledge.attachments(agentId),
  });
  const bases = useQuery({ queryKey: ['knowledge-bases'], queryFn: () => client.knowledge.list() });
  const [rows, setRows] = useState<Row[] | null>(null);
  const [choice, setChoice] = useState('');
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (attached.data && rows === null) setRows(attached.data.knowledge_bases);
  }, [attached.data, rows]);
  const save = useMutation({
    mutationFn: (list: Row[]) => {
      const body = setKnowledgeAttachmentsSchema.parse({
        knowledge_bases: list.map(({ knowledge_base_id, top_k, min_score }) => ({
          knowledge_base_id,
          top_k,
          min_score,
        })),
      });
      return subAgentId
        ? client.knowledge.setSubAgentAttachments(agentId, subAgentId, body)
        : client.knowledge.setAttachments(agentId, body);
    },
    onSuccess: (saved) => {
      setError(null);
      setRows(saved.knowledge_bases);
      queryClient.setQueryData(queryKey, saved);
      toast({ title: t('knowledge.attach.saved'), tone: 'success' });
    },
    onError: (cause) => setError(describeError(cause, t)),
  });
  const current = rows ?? [];
  const available = (bases.data?.data ?? []).filter(
    (base) => !current.some((row) => row.knowledge_base_id === base.id),
  );
  // The select shows the base the button attaches: the one chosen while it is still available, else the
  // first (an empty value matched no option, so the select looked blank and attached a base unseen).
  const selected = available.find((base) => base.id === choice) ?? available[0];
  const update = (id: string, patch: Partial<Row>) =>
    setRows(current.map((row) => (row.knowledge_base_id === id ? { ...row, ...patch } : row)));
  const add = () => {
    if (!selected) return;
    setRows([...current, { knowledge_base_id: selected.id, name: selected.name, top_k: 5, min_score: 0 }]);
    setChoice('');
  };
  return (
    <Card data-testid="knowledge-attachments">
      <h2 className="text-lg font-semibold">{t('knowledge.attach.title')}</h2>
      <p className="mb-3 text-sm text-text-muted">
        {t('knowledge.attach.hint')} {subAgentId ? t('knowledge.attach.subHint') : ''}
      </p>
      <QueryState query={attached}>
        {() => (
          <div className="flex flex-col gap-3">
            <FormError message={error} />
            {current.length === 0 ? (
              <p className="text-sm text-text-muted">{t('knowledge.attach.none')}</p>
            ) : null}
            <ul className="flex flex-col gap-3">
              {current.map((row) => (
                <li
                  key={row.knowledge_base_id}
                  className="flex flex-col gap-2 rounded-md border border-border p-3 sm:flex-row sm:items-end"
                >
                  <p className="flex-1 font-medium sm:self-center">{row.name}</p>
                  <Field label={t('knowledge.attach.topK')}>
                    <Input
                      type="number"
                      min={1}
                      max={50}
                      inputMode="numeric"
                      value={String(row.top_k)}
                      onChange={(event) =>
                        update(row.knowledge_base_id, { top_k: Number(event.target.value) })
                      }
                    />
                  </Field>
                  <Field label={t('knowledge.attach.minScore')}>
                    <Input
                      type="number"
                      min={0}
                      step="0.1"
                      inputMode="decimal"
                      value={String(row.min_score)}
                      onChange={(event) =>
                        update(row.knowledge_base_id, { min_score: Number(event.target.value) })
                      }
                    />
                  </Field>
                  <Button
                    size="sm"
                    variant="ghost"
                    aria-label={t('knowledge.attach.remove', { name: row.name })}
                    onClick={() => setRows(current.filter((item) => item !== row))}
                  >
                    <X aria-hidden="true" className="h-4 w-4" />
                  </Button>
                </li>
              ))}
            </ul>
            {available.length > 0 ? (
              <div className="flex flex-col gap-2 sm:flex-row sm:items-end">
                <Field label={t('knowledge.attach.choose')} className="flex-1">
                  <SelectMenu value={selected?.id ?? ''} onChange={(event) => setChoice(event.target.value)}>
                    {available.map((base) => (
                      <option key={base.id} value={base.id}>
                        {base.name}
                      </option>
                    ))}
                  </SelectMenu>
                </Field>
                <Button icon={Plus} variant="secondary" onClick={add}>
                  {t('knowledge.attach.add')}
                </Button>
              </div>
            ) : bases.data && bases.data.data.length === 0 ? (
              <p className="text-sm text-text-muted">{t('knowledge.attach.noBases')}</p>
            ) : null}
            <div className="flex justify-end">
              <Button icon={Save} busy={save.isPending} onClick={() => save.mutate(current)}>
                {t('knowledge.attach.save')}
              </Button>
            </div>
          </div>
        )}
      </QueryState>
    </Card>
  );
}
