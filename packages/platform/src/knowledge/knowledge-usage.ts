import type { KnowledgeUsage, KnowledgeUsageQuery } from '@renum/contracts';
import { type Transaction, withClient } from '@renum/db';
import { sql } from 'drizzle-orm';
import type { PlatformDeps } from '../platform-deps.ts';
import { type Principal, requireClient } from '../principal.ts';
import { loadKnowledgeBase } from './knowledge-ids.ts';

/** Rows of a raw statement. */
async function rows<T>(tx: Transaction, query: ReturnType<typeof sql>): Promise<T[]> {
  return ((await tx.execute(query)) as unknown as { rows: T[] }).rows;
}

/**
 * `GET /v1/knowledge-bases/{id}/usage`: in [from, to) (default the last 30 days), the queries that searched
 * the base, hits and feedback per document, the ten chunks most often behind disliked answers, and the
 * embedding calls and page fetches metered to it. In the caller's client scope: row-level security keeps
 * every count to its own rows.
 */
export async function getKnowledgeUsage(
  deps: PlatformDeps,
  options: { principal: Principal; knowledgeBaseId: string; query: KnowledgeUsageQuery },
): Promise<KnowledgeUsage> {
  const { clientId } = requireClient(options.principal);
  const to = options.query.to ? new Date(options.query.to) : deps.clock();
  const from = options.query.from ? new Date(options.query.from) : new Date(to.getTime() - 30 * 86_400_000);
  return withClient(deps.db, clientId, async (tx) => {
    const base = await loadKnowledgeBase(tx, options.knowledgeBaseId);
    const range = { id: base.id, from: from.toISOString(), to: to.toISOString() };
    const [queries] = await rows<{ n: number }>(
      tx,
      sql`select count(*)::int as n from knowledge_retrievals
        where ${range.id}::uuid = any(knowledge_base_ids) and created_at >= ${range.from} and created_at < ${range.to}`,
    );
    const documents = await documentFigures(tx, range);
    const disliked = await dislikedChunks(tx, range);
    const [spend] = await rows<KnowledgeUsage['spend']>(
      tx,
      sql`select
          count(*) filter (where kind = 'embedding')::int as embedding_calls,
          coalesce(sum(tokens_input) filter (where kind = 'embedding'), 0)::int as embedding_tokens,
          coalesce(sum(cost_usd) filter (where kind = 'embedding'), 0)::float8 as embedding_cost_usd,
          count(*) filter (where kind = 'tool')::int as page_fetches,
          coalesce(sum(cost_usd) filter (where kind = 'tool'), 0)::float8 as page_fetch_cost_usd
        from renum_ai_usage_logs
        where knowledge_base_id = ${range.id}::uuid and created_at >= ${range.from} and created_at < ${range.to}`,
    );
    return {
      knowledge_base_id: base.id,
      from: range.from,
      to: range.to,
      queries: queries?.n ?? 0,
      documents,
      disliked_chunks: disliked,
      spend: {
        embedding_calls: spend?.embedding_calls ?? 0,
        embedding_tokens: spend?.embedding_tokens ?? 0,
        embedding_cost_usd: Number(spend?.embedding_cost_usd ?? 0),
        page_fetches: spend?.page_fetches ?? 0,
        page_fetch_cost_usd: Number(spend?.page_fetch_cost_usd ?? 0),
      },
    };
  });
}

type Range = { id: string; from: string; to: string };

/** Every document of the base with its hits (retrievals that returned it) and the feedback on answers citing it. */
function documentFigures(tx: Transaction, range: Range) {
  return rows<KnowledgeUsage['documents'][number]>(
    tx,
    sql`with hits as (
        select h.document_id, count(*)::int as n
        from knowledge_retrievals r cross join lateral unnest(r.document_ids) as h(document_id)
        where ${range.id}::uuid = any(r.knowledge_base_ids) and r.created_at >= ${range.from} and r.created_at < ${range.to}
        group by h.document_id
      ),
      votes as (
        select c.document_id,
          count(distinct f.id) filter (where f.rating = 'up')::int as up,
          count(distinct f.id) filter (where f.rating = 'down')::int as down
        from message_feedback f cross join lateral unnest(f.chunk_ids) as u(chunk_id)
        join document_chunks c on c.id = u.chunk_id
        where c.knowledge_base_id = ${range.id}::uuid and f.updated_at >= ${range.from} and f.updated_at < ${range.to}
        group by c.document_id
      )
      select d.id as document_id, d.title, coalesce(h.n, 0) as hits,
        coalesce(v.up, 0) as feedback_up, coalesce(v.down, 0) as feedback_down
      from documents d left join hits h on h.document_id = d.id left join votes v on v.document_id = d.id
      where d.knowledge_base_id = ${range.id}::uuid
      order by coalesce(h.n, 0) desc, d.created_at`,
  );
}

/** The ten chunks of the base most often cited by answers people disliked (seed flow 3's report). */
function dislikedChunks(tx: Transaction, range: Range) {
  return rows<KnowledgeUsage['disliked_chunks'][number]>(
    tx,
    sql`select c.id as chunk_id, c.document_id, d.title as document_title, left(c.text, 300) as excerpt,
        count(*) filter (where f.rating = 'down')::int as down,
        count(*) filter (where f.rating = 'up')::int as up
      from message_feedback f cross join lateral unnest(f.chunk_ids) as u(chunk_id)
      join document_chunks c on c.id = u.chunk_id join documents d on d.id = c.document_id
      where c.knowledge_base_id = ${range.id}::uuid and f.updated_at >= ${range.from} and f.updated_at < ${range.to}
      group by c.id, c.document_id, d.title, c.text
      having count(*) filter (where f.rating = 'down') > 0
      order by down desc, up, c.id
      limit 10`,
  );
}
