import type { KnowledgeHit } from '@renum/contracts';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';
import { describeError } from '../../lib/describe-error.ts';
import { useApi } from '../../lib/web-api.tsx';
import { Badge, Button, Card, Field, Input } from '../../ui/index.ts';
import { SelectMenu } from '../../ui/select-menu.tsx';
import { FormError } from '../auth/form-error.tsx';

type Mode = 'hybrid' | 'lexical' | 'vector';

/** A test search: the ranked passages a query finds, with their scores and which half found them. */
export function SearchPanel({
  knowledgeBaseId,
  lexicalOnly,
  rerankerModel = null,
}: {
  knowledgeBaseId: string;
  lexicalOnly: boolean;
  /** The base's reranker: the panel says whether it ordered the results. */
  rerankerModel?: string | null;
}) {
  const { t } = useI18n();
  const client = useApi();
  const [query, setQuery] = useState('');
  const [mode, setMode] = useState<Mode>('hybrid');
  const search = useMutation({
    mutationFn: (input: { query: string; mode: Mode }) =>
      client.knowledge.search(knowledgeBaseId, { query: input.query, mode: input.mode, top_k: 10 }),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (query.trim() !== '') search.mutate({ query, mode: lexicalOnly ? 'lexical' : mode });
  };
  return (
    <Card title={t('knowledge.search.title')}>
      <form onSubmit={submit} className="flex flex-col gap-3 sm:flex-row sm:items-end">
        <Field label={t('knowledge.search.query')} className="flex-1">
          <Input
            name="query"
            type="search"
            value={query}
            onChange={(event) => setQuery(event.target.value)}
          />
        </Field>
        {lexicalOnly ? null : (
          <Field label={t('knowledge.search.mode')}>
            <SelectMenu name="mode" value={mode} onChange={(event) => setMode(event.target.value as Mode)}>
              <option value="hybrid">{t('knowledge.search.mode.hybrid')}</option>
              <option value="lexical">{t('knowledge.search.mode.lexical')}</option>
              <option value="vector">{t('knowledge.search.mode.vector')}</option>
            </SelectMenu>
          </Field>
        )}
        <Button type="submit" busy={search.isPending}>
          {t('knowledge.search.submit')}
        </Button>
      </form>
      {search.isError ? (
        <div className="mt-3">
          <FormError message={describeError(search.error, t)} />
        </div>
      ) : null}
      {search.data && rerankerModel ? (
        <p className="mt-3 text-xs text-text-muted" data-testid="rerank-note">
          {search.data.reranked_by
            ? t('knowledge.search.rerankedBy', { model: search.data.reranked_by })
            : t('knowledge.search.rerankFailed')}
        </p>
      ) : null}
      {search.data ? (
        search.data.results.length === 0 ? (
          <p className="mt-4 text-sm text-text-muted">{t('knowledge.search.none')}</p>
        ) : (
          <ol aria-label={t('knowledge.search.results')} className="mt-4 flex flex-col gap-3">
            {search.data.results.map((hit, index) => (
              <SearchHitView key={hit.chunk_id} hit={hit} rank={index + 1} />
            ))}
          </ol>
        )
      ) : null}
    </Card>
  );
}

/** One ranked passage: its document, place, text, fused score and each half's own score. */
export function SearchHitView({ hit, rank }: { hit: KnowledgeHit; rank: number }) {
  const { t, formatNumber } = useI18n();
  const score = (value: number) => formatNumber(value, { maximumFractionDigits: 3 });
  return (
    <li className="rounded-md border border-border p-3 text-sm" data-testid="search-hit">
      <div className="mb-2 flex flex-wrap items-center gap-2">
        <span className="font-semibold">
          {rank}. {hit.document_title}
        </span>
        {hit.heading_path.length > 0 ? (
          <span className="text-xs text-text-muted">{hit.heading_path.join(' › ')}</span>
        ) : null}
        {hit.page !== null ? (
          <span className="text-xs text-text-muted">{t('knowledge.search.page', { page: hit.page })}</span>
        ) : null}
      </div>
      <p className="whitespace-pre-wrap break-words">{hit.text}</p>
      <div className="mt-2 flex flex-wrap items-center gap-2 text-xs text-text-muted">
        <Badge tone="primary">{t('knowledge.search.score', { score: score(hit.score) })}</Badge>
        {hit.found_by.map((half) => (
          <Badge key={half}>{t(`knowledge.search.foundBy.${half}`)}</Badge>
        ))}
        {hit.lexical_score !== null ? (
          <span>{t('knowledge.search.lexicalScore', { score: score(hit.lexical_score) })}</span>
        ) : null}
        {hit.vector_score !== null ? (
          <span>{t('knowledge.search.vectorScore', { score: score(hit.vector_score) })}</span>
        ) : null}
        {hit.rerank_score !== null ? (
          <span>{t('knowledge.search.rerankScore', { score: score(hit.rerank_score) })}</span>
        ) : null}
      </div>
    </li>
  );
}
