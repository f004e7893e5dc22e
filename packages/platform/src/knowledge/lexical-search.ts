import type { Transaction } from '@renum/db';
import { bm25Parameters } from '@renum/rag';
import { type SQL, sql } from 'drizzle-orm';

/** One chunk a half of retrieval found, with its score: BM25 (lexical) or cosine similarity (vector). */
export interface ChunkHit extends Record<string, unknown> {
  chunk_id: string;
  document_id: string;
  knowledge_base_id: string;
  title: string;
  text: string;
  heading_path: string[];
  page: number | null;
  position: number;
  score: number;
}

/** Net votes on answers that used each chunk, by chunk id (chunks without feedback are absent). */
export type FeedbackVotes = Map<string, number>;

/**
 * BM25 (k1 0.9, b 0.4, ADR 0019) over the term index and the feedback on the chunks found, in one
 * statement (ADR 0059): the searched bases' live chunks are read once (the collection's size and
 * average length come from them), the query terms' rows are kept when their chunk is live, each term's
 * document frequency, the sum per chunk, then the net votes of the found chunks and of `alsoVotesFor`
 * (the vector half's hits). Every CTE is materialised so the planner cannot re-run an aggregate per row.
 * The live chunks' lengths are looked up in a JSON object rather than joined: row-level security's filter
 * makes the planner expect about one row on each side, and the nested loop it then picks rescans one
 * side per row of the other (100 ms for 450 term rows of a 561-chunk base, against 10 ms this way). The
 * documents' indexed versions are looked up the same way (ADR 0064): joined, the planner probed the
 * documents once per chunk. Both reads of the big tables are index-only scans of migration 0045's
 * covering indexes, which hold every column read here and the `client_id` row-level security checks.
 * No rows: `votes` is null, and the caller asks {@link feedbackVotes} for the other ids, if any.
 */
export async function bm25WithVotes(
  tx: Transaction,
  options: LexicalSearchOptions,
): Promise<{ rows: ChunkHit[]; votes: FeedbackVotes | null }> {
  const { rows } = (await tx.execute(bm25Statement(options))) as unknown as {
    rows: Array<ChunkHit & { votes: unknown }>;
  };
  const votes = rows[0] ? votesFromJson(rows[0].votes) : null;
  return { rows: rows.map(({ votes: _, ...row }) => ({ ...row, score: Number(row.score) })), votes };
}

/** What {@link bm25WithVotes} searches: the bases, the query's terms, how many chunks, whose votes. */
export interface LexicalSearchOptions {
  knowledgeBaseIds: readonly string[];
  terms: readonly string[];
  limit: number;
  alsoVotesFor?: readonly string[] | undefined;
}

/** The statement {@link bm25WithVotes} runs (a test reads its plan: ADR 0064's index-only scans). */
export function bm25Statement(options: LexicalSearchOptions): SQL {
  const { k1, b } = bm25Parameters;
  const bases = uuidArray(options.knowledgeBaseIds);
  const terms = sql`array[${sql.join(
    options.terms.map((term) => sql`${term}`),
    sql`, `,
  )}]::text[]`;
  return sql`
    with versions as materialized (
      select coalesce(jsonb_object_agg(d.id, d.indexed_version), '{}') as by_id from documents d
      where d.knowledge_base_id = any(${bases}) and d.indexed_version is not null
    ),
    live as materialized (
      select c.id, c.term_count from document_chunks c cross join versions v
      where c.knowledge_base_id = any(${bases}) and (v.by_id ->> c.document_id::text)::int = c.document_version
    ),
    stats as materialized (
      select count(*)::float8 as n, coalesce(avg(term_count), 0)::float8 as avg_length from live
    ),
    matched as materialized (
      select t.chunk_id, t.term, t.frequency from document_chunk_terms t
      where t.knowledge_base_id = any(${bases}) and t.term = any(${terms})
    ),
    lengths as materialized (select jsonb_object_agg(id, term_count) as by_id from live),
    hits as materialized (
      select m.chunk_id, m.term, m.frequency, (l.by_id ->> m.chunk_id::text)::int as term_count
      from matched m cross join lengths l where l.by_id ? m.chunk_id::text
    ),
    frequencies as materialized (select term, count(*)::float8 as df from hits group by term),
    scored as materialized (
      select h.chunk_id, sum(
        ln(1 + (s.n - f.df + 0.5) / (f.df + 0.5)) * h.frequency * ${k1 + 1}::float8
        / (h.frequency + ${k1}::float8 * (1 - ${b}::float8 + ${b}::float8 * h.term_count / greatest(s.avg_length, 1)))
      ) as score
      from hits h join frequencies f on f.term = h.term cross join stats s
      group by h.chunk_id
      order by score desc, h.chunk_id
      limit ${options.limit}::int
    ),
    voted as materialized (
      select chunk_id from scored
      union select unnest(${uuidArray(options.alsoVotesFor ?? [])}::uuid[])
    ),
    ${votesStatement(sql`(select array_agg(chunk_id) from voted)`)}
    select c.id as chunk_id, c.document_id, c.knowledge_base_id, d.title, c.text, c.heading_path, c.page,
      c.position, s.score::float8 as score,
      (select coalesce(jsonb_object_agg(v.chunk_id, v.net), '{}'::jsonb) from votes v) as votes
    from scored s join document_chunks c on c.id = s.chunk_id join documents d on d.id = c.document_id
    order by s.score desc, c.id`;
}

/** Net votes on answers that used each of the chunks (the statement the lexical half carries too). */
export async function feedbackVotes(tx: Transaction, chunkIds: readonly string[]): Promise<FeedbackVotes> {
  if (chunkIds.length === 0) return new Map();
  const { rows } = (await tx.execute(
    sql`with ${votesStatement(uuidArray(chunkIds))} select chunk_id, net from votes`,
  )) as unknown as { rows: Array<{ chunk_id: string; net: number }> };
  return new Map(rows.map((row) => [row.chunk_id, Number(row.net)]));
}

/**
 * The `votes` CTE: net feedback per chunk among `ids` (an array expression, cast so that a scalar
 * subquery is not read as `any (subquery)`), through the GIN index on `chunk_ids`.
 */
function votesStatement(ids: SQL): SQL {
  return sql`votes as (
      select u.chunk_id, sum(case when f.rating = 'up' then 1 else -1 end)::int as net
      from message_feedback f cross join lateral unnest(f.chunk_ids) as u(chunk_id)
      where f.chunk_ids && ${ids}::uuid[] and u.chunk_id = any(${ids}::uuid[])
      group by u.chunk_id
    )`;
}

function votesFromJson(value: unknown): FeedbackVotes {
  const object = (typeof value === 'string' ? JSON.parse(value) : value) as Record<string, number> | null;
  return new Map(Object.entries(object ?? {}).map(([id, net]) => [id, Number(net)]));
}

function uuidArray(ids: readonly string[]): SQL {
  if (ids.length === 0) return sql`array[]::uuid[]`;
  return sql`array[${sql.join(
    ids.map((id) => sql`${id}::uuid`),
    sql`, `,
  )}]`;
}
