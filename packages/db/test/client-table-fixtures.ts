import { randomBytes, randomUUID } from 'node:crypto';
import { type SQL, sql } from 'drizzle-orm';
import { type Database, type Transaction, withClient, withPlatform } from '../src/index.ts';

/** Rows of one client that a fixture's row may reference. */
export interface ClientParents {
  clientId: string;
  /** A user with no membership in the client (so a membership row can be added for it). */
  userId: string;
  agentId: string;
  contactId: string;
  conversationId: string;
  runId: string;
  templateId: string;
  /** Version of the client's data key (`client_data_keys`). */
  dekVersion: number;
}

/** How the isolation suites put one row of a client-owned table in place. */
export interface ClientTableFixture {
  /**
   * The scope that writes the row: the client's own (`renum_app`), or the platform's for the tables the
   * client role has no right to write.
   */
  writer: 'client' | 'platform';
  /**
   * Inserts one fresh row belonging to `parents.clientId`, referencing only `parents`, and returns a
   * condition that selects exactly that row.
   */
  insert(tx: Transaction, parents: ClientParents): Promise<SQL>;
}

const unique = () => randomBytes(8).toString('hex');
const checksum = () => randomBytes(32).toString('hex');

/** A fixture whose row is found by a fresh `id`. */
function byId(writer: ClientTableFixture['writer'], statement: (p: ClientParents, id: string) => SQL) {
  return {
    writer,
    insert: async (tx: Transaction, parents: ClientParents) => {
      const id = randomUUID();
      await tx.execute(statement(parents, id));
      return sql`id = ${id}`;
    },
  } satisfies ClientTableFixture;
}

/** A WhatsApp number of the client (its token and app secret as credentials); answers its id. */
async function insertWhatsappConnection(tx: Transaction, p: ClientParents): Promise<string> {
  const [token, secret, id] = [randomUUID(), randomUUID(), randomUUID()];
  for (const credential of [token, secret]) {
    await tx.execute(sql`insert into credentials (id, client_id, service, name, secret, dek_version, field_names, masked)
      values (${credential}, ${p.clientId}, 'whatsapp', ${unique()}, '{}', ${p.dekVersion}, '{api_key}', '••••')`);
  }
  const phoneNumberId = String(Number.parseInt(unique().slice(0, 12), 16));
  await tx.execute(sql`insert into whatsapp_connections
      (id, client_id, agent_id, phone_number_id, credential_id, app_secret_credential_id, verify_token)
    values (${id}, ${p.clientId}, ${p.agentId}, ${phoneNumberId}, ${token}, ${secret}, ${`verify-${unique()}`})`);
  return id;
}

/**
 * One fixture per table with a `client_id` column. The isolation suites run every check on every entry,
 * and fail with "no isolation fixture for table …" when a migration adds a client-owned table without one.
 */
export const clientTableFixtures: Record<string, ClientTableFixture> = {
  agents: byId(
    'client',
    (p, id) => sql`insert into agents (id, client_id, name, slug, model, system_prompt)
      values (${id}, ${p.clientId}, 'Agent', ${`agent-${id}`}, 'm', 'p')`,
  ),
  api_keys: byId(
    'client',
    (p, id) => sql`insert into api_keys (id, client_id, name, prefix, key_hash, role)
      values (${id}, ${p.clientId}, 'Key', 'rk_test', ${unique()}, 'member')`,
  ),
  audit_log: byId(
    'client',
    (p, id) => sql`insert into audit_log (id, client_id, actor_type, action, target_type)
      values (${id}, ${p.clientId}, 'system', 'isolation.test', 'client')`,
  ),
  client_data_keys: {
    writer: 'client',
    insert: async (tx, p) => {
      const version = 2 + Math.floor(Math.random() * 1_000_000);
      await tx.execute(sql`insert into client_data_keys (client_id, dek_version, kek_version, record)
        values (${p.clientId}, ${version}, 'kek-test', '{}')`);
      return sql`client_id = ${p.clientId} and dek_version = ${version}`;
    },
  },
  client_limits: {
    writer: 'platform',
    insert: async (tx, p) => {
      await tx.execute(
        sql`insert into client_limits (client_id, requests_per_minute) values (${p.clientId}, 60)`,
      );
      return sql`client_id = ${p.clientId}`;
    },
  },
  client_monthly_spend: {
    writer: 'client',
    insert: async (tx, p) => {
      const month = `${1000 + Math.floor(Math.random() * 8000)}-01-01`;
      await tx.execute(sql`insert into client_monthly_spend (client_id, month, spent_usd)
        values (${p.clientId}, ${month}, 1)`);
      return sql`client_id = ${p.clientId} and month = ${month}`;
    },
  },
  contacts: byId(
    'client',
    (p, id) => sql`insert into contacts (id, client_id) values (${id}, ${p.clientId})`,
  ),
  conversations: byId(
    'client',
    (p, id) =>
      sql`insert into conversations (id, client_id, agent_id) values (${id}, ${p.clientId}, ${p.agentId})`,
  ),
  credentials: byId(
    'client',
    (
      p,
      id,
    ) => sql`insert into credentials (id, client_id, service, name, secret, dek_version, field_names, masked)
      values (${id}, ${p.clientId}, 'isolation', ${unique()}, '{}', ${p.dekVersion}, '{api_key}', '••••')`,
  ),
  invitations: byId(
    'client',
    (p, id) => sql`insert into invitations (id, client_id, email, role, token_hash, expires_at)
      values (${id}, ${p.clientId}, ${`${unique()}@example.com`}, 'member', ${unique()}, now() + interval '1 day')`,
  ),
  jobs: {
    // The client role has no grant on the table: it enqueues through renum_enqueue_job, for itself only.
    writer: 'client',
    insert: async (tx, p) => {
      const id = randomUUID();
      await tx.execute(sql`select * from renum_enqueue_job(${id}, 'isolation', 'isolation.test', 1, '{}',
        ${p.clientId}, 0, 1, now(), null, now())`);
      return sql`id = ${id}`;
    },
  },
  teams: byId(
    'client',
    (p, id) => sql`insert into teams (id, client_id, name, workflow_definition)
      values (${id}, ${p.clientId}, 'Team', '{"type":"sequential","agents":[]}')`,
  ),
  renum_team_executions: byId(
    'client',
    (p, id) => sql`with team as (insert into teams (client_id, name, workflow_definition)
        values (${p.clientId}, 'Team', '{}') returning id)
      insert into renum_team_executions (id, client_id, team_id, initial_prompt, execution_plan)
      select ${id}, ${p.clientId}, team.id, 'Go', '{}' from team`,
  ),
  renum_team_agent_executions: byId(
    'client',
    (p, id) => sql`with team as (insert into teams (client_id, name, workflow_definition)
        values (${p.clientId}, 'Team', '{}') returning id),
      execution as (insert into renum_team_executions (client_id, team_id, initial_prompt, execution_plan)
        select ${p.clientId}, team.id, 'Go', '{}' from team returning id)
      insert into renum_team_agent_executions (id, client_id, execution_id, step_index, agent_id, role)
      select ${id}, ${p.clientId}, execution.id, 0, ${p.agentId}, 'writer' from execution`,
  ),
  renum_team_execution_events: {
    writer: 'client',
    insert: async (tx, p) => {
      const executionId = randomUUID();
      await tx.execute(sql`with team as (insert into teams (client_id, name, workflow_definition)
          values (${p.clientId}, 'Team', '{}') returning id),
        execution as (insert into renum_team_executions (id, client_id, team_id, initial_prompt, execution_plan)
          select ${executionId}, ${p.clientId}, team.id, 'Go', '{}' from team returning id)
        insert into renum_team_execution_events (execution_id, seq, client_id, type, payload)
        select execution.id, 1, ${p.clientId}, 'status', '{}' from execution`);
      return sql`execution_id = ${executionId}`;
    },
  },
  knowledge_bases: byId(
    'client',
    (p, id) =>
      sql`insert into knowledge_bases (id, client_id, name) values (${id}, ${p.clientId}, ${unique()})`,
  ),
  documents: byId(
    'client',
    (
      p,
      id,
    ) => sql`with kb as (insert into knowledge_bases (client_id, name) values (${p.clientId}, ${unique()})
        returning id)
      insert into documents (id, client_id, knowledge_base_id, kind, title, checksum)
      select ${id}, ${p.clientId}, kb.id, 'text', 'Doc', ${checksum()} from kb`,
  ),
  document_chunks: byId(
    'client',
    (
      p,
      id,
    ) => sql`with kb as (insert into knowledge_bases (client_id, name) values (${p.clientId}, ${unique()})
        returning id),
      doc as (insert into documents (client_id, knowledge_base_id, kind, title, checksum)
        select ${p.clientId}, kb.id, 'text', 'Doc', ${checksum()} from kb returning id, knowledge_base_id)
      insert into document_chunks (id, client_id, knowledge_base_id, document_id, document_version, position,
        text, token_count)
      select ${id}, ${p.clientId}, doc.knowledge_base_id, doc.id, 1, 0, 'Refunds within 30 days', 5 from doc`,
  ),
  document_chunk_terms: {
    writer: 'client',
    insert: async (tx, p) => {
      const chunkId = randomUUID();
      await tx.execute(sql`with kb as (insert into knowledge_bases (client_id, name)
          values (${p.clientId}, ${unique()}) returning id),
        doc as (insert into documents (client_id, knowledge_base_id, kind, title, checksum)
          select ${p.clientId}, kb.id, 'text', 'Doc', ${checksum()} from kb returning id, knowledge_base_id),
        chunk as (insert into document_chunks (id, client_id, knowledge_base_id, document_id, document_version,
          position, text, token_count)
          select ${chunkId}, ${p.clientId}, doc.knowledge_base_id, doc.id, 1, 0, 'Refunds', 1 from doc
          returning id, knowledge_base_id)
        insert into document_chunk_terms (client_id, knowledge_base_id, chunk_id, term, frequency)
        select ${p.clientId}, chunk.knowledge_base_id, chunk.id, 'refunds', 1 from chunk`);
      return sql`chunk_id = ${chunkId}`;
    },
  },
  agent_knowledge_bases: byId(
    'client',
    (
      p,
      id,
    ) => sql`with kb as (insert into knowledge_bases (client_id, name) values (${p.clientId}, ${unique()})
        returning id)
      insert into agent_knowledge_bases (id, client_id, agent_id, knowledge_base_id)
      select ${id}, ${p.clientId}, ${p.agentId}, kb.id from kb`,
  ),
  message_feedback: byId(
    'client',
    (p, id) => sql`with message as (insert into messages (client_id, conversation_id, role, text)
        values (${p.clientId}, ${p.conversationId}, 'assistant', 'Answer') returning id)
      insert into message_feedback (id, client_id, message_id, rating)
      select ${id}, ${p.clientId}, message.id, 'down' from message`,
  ),
  message_reads: {
    writer: 'client',
    insert: async (tx, p) => {
      const messageId = randomUUID();
      await tx.execute(sql`with message as (insert into messages (id, client_id, conversation_id, role, text)
          values (${messageId}, ${p.clientId}, ${p.conversationId}, 'assistant', 'Read me') returning id)
        insert into message_reads (client_id, message_id, user_id, conversation_id)
        select ${p.clientId}, message.id, ${p.userId}, ${p.conversationId} from message`);
      return sql`message_id = ${messageId}`;
    },
  },
  knowledge_retrievals: byId(
    'client',
    (p, id) => sql`insert into knowledge_retrievals (id, client_id, knowledge_base_ids, query)
      values (${id}, ${p.clientId}, '{}', 'refund')`,
  ),
  memberships: byId(
    'client',
    (p, id) => sql`insert into memberships (id, client_id, user_id, role)
      values (${id}, ${p.clientId}, ${p.userId}, 'member')`,
  ),
  memories: byId(
    'client',
    (p, id) => sql`insert into memories (id, client_id, agent_id, contact_id, content)
      values (${id}, ${p.clientId}, ${p.agentId}, ${p.contactId}, 'Prefers email')`,
  ),
  messages: byId(
    'client',
    (p, id) => sql`insert into messages (id, client_id, conversation_id, role, text)
      values (${id}, ${p.clientId}, ${p.conversationId}, 'user', 'Hello')`,
  ),
  notifications: byId(
    'client',
    (p, id) =>
      sql`insert into notifications (id, client_id, kind) values (${id}, ${p.clientId}, 'isolation.test')`,
  ),
  prompt_template_versions: byId(
    'client',
    (p, id) => sql`insert into prompt_template_versions (id, client_id, template_id, version, body)
      values (${id}, ${p.clientId}, ${p.templateId}, ${1 + Math.floor(Math.random() * 1_000_000)}, 'Hi')`,
  ),
  prompt_templates: byId(
    'client',
    (p, id) =>
      sql`insert into prompt_templates (id, client_id, name) values (${id}, ${p.clientId}, ${unique()})`,
  ),
  refresh_tokens: byId(
    'platform',
    (p, id) => sql`insert into refresh_tokens (id, client_id, user_id, family_id, token_hash, expires_at)
      values (${id}, ${p.clientId}, ${p.userId}, ${randomUUID()}, ${unique()}, now() + interval '1 day')`,
  ),
  suna_agents: {
    writer: 'client',
    insert: async (tx, p) => {
      const id = randomUUID();
      await tx.execute(sql`insert into suna_agents (answerer_id, client_id, agent_id, suna_agent_id)
        values (${id}, ${p.clientId}, ${p.agentId}, ${unique()})`);
      return sql`answerer_id = ${id}`;
    },
  },
  suna_threads: {
    writer: 'client',
    insert: async (tx, p) => {
      const id = randomUUID(); // a conversation of its own: one thread per conversation
      await tx.execute(
        sql`insert into conversations (id, client_id, agent_id) values (${id}, ${p.clientId}, ${p.agentId})`,
      );
      await tx.execute(sql`insert into suna_threads (conversation_id, client_id, thread_id)
        values (${id}, ${p.clientId}, ${unique()})`);
      return sql`conversation_id = ${id}`;
    },
  },
  // Written by the instance providers in platform scope; the client role may only read its own row.
  executor_instances: byId(
    'platform',
    (p, id) => sql`insert into executor_instances (id, client_id, provider, status, url)
      values (${id}, ${p.clientId}, 'static', 'running', 'http://suna.internal:8000')`,
  ),
  // Written by the admin's view-as use-case in platform scope; the client role may only read its own.
  view_as_sessions: byId(
    'platform',
    (p, id) => sql`insert into view_as_sessions (id, client_id, admin_user_id, reason, expires_at)
      values (${id}, ${p.clientId}, ${p.userId}, 'support', now() + interval '30 minutes')`,
  ),
  whatsapp_connections: {
    writer: 'client',
    insert: async (tx, p) => sql`id = ${await insertWhatsappConnection(tx, p)}`,
  },
  whatsapp_messages: {
    writer: 'client',
    insert: async (tx, p) => {
      const id = randomUUID();
      const connectionId = await insertWhatsappConnection(tx, p);
      await tx.execute(sql`insert into whatsapp_messages (id, client_id, connection_id, direction, wamid, wa_id, kind, status)
        values (${id}, ${p.clientId}, ${connectionId}, 'in', ${`wamid.${unique()}`}, '5511999990000', 'text', 'received')`);
      return sql`id = ${id}`;
    },
  },
  renum_ai_usage_logs: byId(
    'client',
    (p, id) => sql`insert into renum_ai_usage_logs (id, client_id, run_id, model_name, tokens_input)
      values (${id}, ${p.clientId}, ${p.runId}, 'm', 10)`,
  ),
  run_events: {
    writer: 'client',
    insert: async (tx, p) => {
      const stream = randomUUID();
      await tx.execute(sql`insert into run_events (stream_id, seq, client_id, run_id, type, payload)
        values (${stream}, 1, ${p.clientId}, ${p.runId}, 'status', '{}')`);
      return sql`stream_id = ${stream} and seq = 1`;
    },
  },
  runs: byId(
    'client',
    (p, id) =>
      sql`insert into runs (id, client_id, agent_id, model) values (${id}, ${p.clientId}, ${p.agentId}, 'm')`,
  ),
  sub_agents: byId(
    'client',
    (p, id) => sql`insert into sub_agents (id, client_id, agent_id, name, topics, model, system_prompt)
      values (${id}, ${p.clientId}, ${p.agentId}, 'Sub', '{billing}', 'm', 'p')`,
  ),
  schedules: byId(
    'client',
    (p, id) => sql`insert into schedules (id, client_id, name, cron, target, agent_id)
      values (${id}, ${p.clientId}, 'Daily', '0 18 * * *', '{}', ${p.agentId})`,
  ),
  schedule_executions: byId(
    'client',
    (p, id) => sql`with schedule as (insert into schedules (client_id, name, interval_seconds, target)
        values (${p.clientId}, 'Hourly', 3600, '{}') returning id)
      insert into schedule_executions (id, client_id, schedule_id, tick_at, trigger, status, run_id)
      select ${id}, ${p.clientId}, schedule.id, now(), 'tick', 'started', ${p.runId} from schedule`,
  ),
  approval_policies: byId(
    'client',
    (p, id) => sql`insert into approval_policies (id, client_id, agent_id, tool)
      values (${id}, ${p.clientId}, ${p.agentId}, ${`tool_${unique()}`})`,
  ),
  approval_requests: byId(
    'client',
    (p, id) => sql`insert into approval_requests (id, client_id, agent_id, run_id, conversation_id, tool,
        tool_call_id, arguments, masked_arguments, approver_roles, timeout_seconds, deadline_at, default_outcome)
      values (${id}, ${p.clientId}, ${p.agentId}, ${p.runId}, ${p.conversationId}, 'calculator', ${unique()},
        '{}', '{}', '{owner}', 60, now() + interval '1 minute', 'reject')`,
  ),
};

/** The fixture of `table`, or an error naming the table that has none. */
export function clientTableFixture(table: string): ClientTableFixture {
  const fixture = clientTableFixtures[table];
  if (!fixture) throw new Error(`no isolation fixture for table ${table}`);
  return fixture;
}

/** Creates a client and the rows the fixtures reference, each in the scope allowed to write it. */
export async function createClientParents(db: Database, label: string): Promise<ClientParents> {
  const clientId = randomUUID();
  const userId = randomUUID();
  await withPlatform(db, async (tx) => {
    await tx.execute(
      sql`insert into clients (id, name, slug) values (${clientId}, ${label}, ${`${label}-${clientId}`})`,
    );
    await tx.execute(
      sql`insert into users (id, email, name) values (${userId}, ${`${unique()}@example.com`}, ${label})`,
    );
  });
  const parents = {
    clientId,
    userId,
    agentId: randomUUID(),
    contactId: randomUUID(),
    conversationId: randomUUID(),
    runId: randomUUID(),
    templateId: randomUUID(),
    dekVersion: 1,
  };
  await withClient(db, clientId, async (tx) => {
    await tx.execute(sql`insert into agents (id, client_id, name, slug, model, system_prompt)
      values (${parents.agentId}, ${clientId}, 'Agent', ${`agent-${parents.agentId}`}, 'm', 'p')`);
    await tx.execute(sql`insert into contacts (id, client_id) values (${parents.contactId}, ${clientId})`);
    await tx.execute(sql`insert into conversations (id, client_id, agent_id, contact_id)
      values (${parents.conversationId}, ${clientId}, ${parents.agentId}, ${parents.contactId})`);
    await tx.execute(sql`insert into runs (id, client_id, conversation_id, agent_id, model)
      values (${parents.runId}, ${clientId}, ${parents.conversationId}, ${parents.agentId}, 'm')`);
    await tx.execute(
      sql`insert into prompt_templates (id, client_id, name) values (${parents.templateId}, ${clientId}, 'T')`,
    );
    await tx.execute(sql`insert into client_data_keys (client_id, dek_version, kek_version, record)
      values (${clientId}, ${parents.dekVersion}, 'kek-test', '{}')`);
  });
  return parents;
}

/** Every table of the current schema with a `client_id` column (read from pg_catalog, which unlike
 * information_schema does not hide columns the querying role has no privilege on). */
export const clientOwnedTablesQuery = `
  select c.relname as table
  from pg_class c
  join pg_attribute a on a.attrelid = c.oid and a.attname = 'client_id' and not a.attisdropped
  where c.relnamespace = current_schema()::regnamespace and c.relkind in ('r', 'p')
  order by c.relname`;

/** The SQLSTATE of a database error anywhere in `error`'s cause chain, or null. */
export function sqlState(error: unknown): string | null {
  for (let current = error; current instanceof Object; current = (current as { cause?: unknown }).cause) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return null;
}
