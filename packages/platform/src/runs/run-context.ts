import { AppError } from '@renum/contracts';
import {
  agentKnowledgeBases,
  agents,
  clients,
  contacts,
  conversations,
  credentials,
  messages,
  promptTemplateVersions,
  reusableSelect,
  runs,
  subAgents,
  type Transaction,
} from '@renum/db';
import { eq, type SQL, sql } from 'drizzle-orm';
import { type RecalledFact, recallFacts } from '../memory/recall-facts.ts';
import { type SeenSettings, type SettingsStamp, settingsStampSql } from '../settings/settings-cache.ts';
import { type HistoryTurn, historyRowLimit, splitHistory } from './history.ts';

/**
 * What a run reads from the database besides its own rows: its conversation (with the id of an
 * unfinished run in it, if any), the agent and its active sub-agents, the client's name, which
 * model providers the client holds its own key for, the contact and what is remembered about them,
 * the conversation's recent turns split by the history budget, until when its prompts are logged (ADR
 * 0067), and which version of the platform
 * settings is in force (its stamp, seen at `now`: the run starts with it, ADR 0063). One statement (two
 * with a contact), in the transaction that creates the run, so executing it needs no further reads.
 * Null when the conversation is not the client's.
 */
export async function loadRunInputs(
  tx: Transaction,
  options: {
    conversationId: string;
    /** Lock the conversation row (`for update`): its sender owns the event counter. */
    lock: boolean;
    /** The user's message: history is what came before it. */
    userText: string;
    /** Id of the user's message when it is already stored (recovery); else every stored message is history. */
    beforeMessageId?: string | undefined;
    historyTokenBudget: number;
    /** The process's clock as the statement runs: when the settings' stamp was seen. */
    now: Date;
  },
) {
  const read = runInputsReads[options.lock ? 'lock' : 'read'][options.beforeMessageId ? 'before' : 'all'];
  const [row] = await read(tx, {
    conversationId: options.conversationId,
    beforeMessageId: options.beforeMessageId,
  });
  if (!row) return null;
  const { conversation } = row;
  const facts: RecalledFact[] = conversation.contact_id
    ? await recallFacts(tx, {
        agentId: conversation.agent_id,
        contactId: conversation.contact_id,
        query: options.userText,
        limit: 8,
      })
    : [];
  return {
    conversation,
    busyRunId: row.busyRunId,
    ...runInputsOf(row, {
      history: row.history,
      contact: row.contact,
      facts,
      historyTokenBudget: options.historyTokenBudget,
      now: options.now,
    }),
  };
}

/** What a run reads of its agent and client, however it was read (see {@link loadRunInputs}). */
export interface AgentAndClientInputs {
  agent: typeof agents.$inferSelect;
  /** The body of the prompt-template version the agent points at, if any. */
  templateBody: string | null;
  subAgents: SubAgentJson[];
  hasKnowledge: boolean;
  clientName: string;
  promptLoggingUntil: Date | null;
  ownKeyServices: string[];
  settingsStamp: SettingsStamp;
}

/** A run's inputs from its agent's and client's rows and its conversation's history, contact and facts. */
function runInputsOf(
  row: AgentAndClientInputs,
  options: {
    history: readonly HistoryRow[];
    contact: typeof contacts.$inferSelect | null;
    facts: RecalledFact[];
    historyTokenBudget: number;
    now: Date;
  },
) {
  return {
    // An agent pointing at a prompt-template version answers with that version's body.
    agent: row.templateBody === null ? row.agent : { ...row.agent, system_prompt: row.templateBody },
    clientName: row.clientName,
    /** Until when the client's prompts are logged (ADR 0067), read here so the worker needs no query for it. */
    promptLoggingUntil: row.promptLoggingUntil,
    activeSubAgents: row.subAgents.map(subAgentFromJson),
    ownKeyServices: row.ownKeyServices,
    history: splitHistory(options.history, options.historyTokenBudget),
    contact: options.contact,
    facts: options.facts,
    hasKnowledge: row.hasKnowledge,
    settings: { stamp: row.settingsStamp, readAt: options.now } as SeenSettings,
  };
}

/**
 * The inputs of a run in a conversation created with it (a team step's, ADR 0076): no history, no contact
 * and so no facts; the agent's and client's parts read beforehand in the same transaction
 * ({@link agentInputsSql}, {@link clientInputsSql}), so storing the run needs no read after it.
 */
export function newConversationInputs(
  row: AgentAndClientInputs,
  options: { historyTokenBudget: number; now: Date },
): Omit<RunInputs, 'conversation' | 'busyRunId'> {
  return runInputsOf(row, { ...options, history: [], contact: null, facts: [] });
}

/** The agent's part of a run's inputs as one JSON column (`agent` the agents row's alias). */
export function agentInputsSql(agent: SQL) {
  return sql<AgentInputsJson>`json_build_object(
    'template_body', ${templateBodySql(agent)},
    'sub_agents', ${subAgentsSql(agent)},
    'has_knowledge', ${hasKnowledgeSql(agent)})`;
}

/** The client's part of a run's inputs as one JSON value, for the client `clientId` (a placeholder). */
export function clientInputsSql(clientId: SQL) {
  return sql<ClientInputsJson>`(select json_build_object('name', c.name,
    'prompt_logging_until', c.prompt_logging_until, 'own_key_services', ${ownKeyServicesSql()},
    'settings_stamp', ${settingsStampSql()}) from ${clients} c where c.id = ${clientId})`;
}

/** {@link agentInputsSql}'s JSON. */
export interface AgentInputsJson {
  template_body: string | null;
  sub_agents: SubAgentJson[];
  has_knowledge: boolean;
}

/** {@link clientInputsSql}'s JSON. */
export interface ClientInputsJson {
  name: string;
  prompt_logging_until: string | null;
  own_key_services: string[] | null;
  settings_stamp: SettingsStamp;
}

/** An agent's row with the JSON of {@link agentInputsSql} and {@link clientInputsSql} as one input. */
export function agentAndClientInputs(
  agent: typeof agents.$inferSelect,
  agentJson: AgentInputsJson,
  clientJson: ClientInputsJson,
): AgentAndClientInputs {
  return {
    agent,
    templateBody: agentJson.template_body,
    subAgents: agentJson.sub_agents,
    hasKnowledge: agentJson.has_knowledge,
    clientName: clientJson.name,
    promptLoggingUntil: clientJson.prompt_logging_until ? new Date(clientJson.prompt_logging_until) : null,
    ownKeyServices: clientJson.own_key_services ?? [],
    settingsStamp: clientJson.settings_stamp,
  };
}

function subAgentsSql(agent: SQL) {
  return sql<SubAgentJson[]>`coalesce((select json_agg(s order by s.id) from ${subAgents} s
        where s.agent_id = ${agent}."id" and s.is_active), '[]'::json)`;
}

function ownKeyServicesSql() {
  return sql<string[]>`array(select distinct c.service from ${credentials} c
        where c.service in ('openai', 'anthropic'))`;
}

/** The body of the prompt-template version the agent points at (null: none). */
function templateBodySql(agent: SQL) {
  return sql<string | null>`(select v.body from ${promptTemplateVersions} v
        where v.id = ${agent}."prompt_template_version_id")`;
}

// Whether any knowledge base is attached to the agent: without one, the knowledge context provider needs
// no transaction of its own.
function hasKnowledgeSql(agent: SQL) {
  return sql<boolean>`exists (select 1 from ${agentKnowledgeBases} k where k.agent_id = ${agent}."id")`;
}

/**
 * The select of {@link loadRunInputs}, with the conversation's id (and the user message's, `before`) as
 * placeholders, locking the conversation or not.
 */
function runInputsSelect(tx: Transaction, variant: { lock: boolean; before: boolean }) {
  const before = variant.before ? sql`and m.id < ${sql.placeholder('beforeMessageId')}` : sql``;
  const query = tx
    .select({
      conversation: conversations,
      busyRunId: sql<string | null>`(select r.id from ${runs} r where r.conversation_id = "conversations"."id"
        and r.status in ('queued', 'running') limit 1)`,
      agent: agents,
      clientName: clients.name,
      promptLoggingUntil: clients.prompt_logging_until,
      subAgents: subAgentsSql(sql`"agents"`),
      ownKeyServices: ownKeyServicesSql(),
      // Newest first; the budget split happens here, in the process.
      history: sql<
        HistoryRow[]
      >`coalesce((select json_agg(h order by h.id desc) from (select m.id, m.role, m.text
        from ${messages} m where m.conversation_id = "conversations"."id" ${before}
        and ("conversations"."summary_through_message_id" is null
          or m.id > "conversations"."summary_through_message_id")
        order by m.id desc limit ${historyRowLimit}) h), '[]'::json)`,
      contact: contacts,
      templateBody: templateBodySql(sql`"agents"`),
      hasKnowledge: hasKnowledgeSql(sql`"agents"`),
      settingsStamp: settingsStampSql(),
    })
    .from(conversations)
    .innerJoin(agents, eq(agents.id, conversations.agent_id))
    .innerJoin(clients, eq(clients.id, conversations.client_id))
    .leftJoin(contacts, eq(contacts.id, conversations.contact_id))
    .where(eq(conversations.id, sql.placeholder('conversationId')));
  return variant.lock ? query.for('update', { of: conversations }) : query;
}

/**
 * The four variants of the inputs read, each built once per process (`reusableSelect`, ADR 0070) and run as a
 * named prepared statement: Postgres parses and plans it once per connection instead of on every message
 * (planning it cost more than running it). With DATABASE_PREPARED_STATEMENTS=false the pool drops the name
 * (transaction-mode poolers; openDatabase).
 */
const runInputsReads = {
  lock: {
    all: reusableSelect('renum_run_inputs_lock', (tx) => runInputsSelect(tx, { lock: true, before: false })),
    before: reusableSelect('renum_run_inputs_lock_before', (tx) =>
      runInputsSelect(tx, { lock: true, before: true }),
    ),
  },
  read: {
    all: reusableSelect('renum_run_inputs_read', (tx) => runInputsSelect(tx, { lock: false, before: false })),
    before: reusableSelect('renum_run_inputs_read_before', (tx) =>
      runInputsSelect(tx, { lock: false, before: true }),
    ),
  },
};

type HistoryRow = { id: string; role: string; text: string | null };

type SubAgentRow = typeof subAgents.$inferSelect;
type SubAgentJson = Omit<SubAgentRow, 'created_at' | 'updated_at'> & {
  created_at: string;
  updated_at: string;
};

/** A sub-agent row read as JSON (`json_agg`) back to the shape Drizzle gives. */
function subAgentFromJson(json: SubAgentJson): SubAgentRow {
  return { ...json, created_at: new Date(json.created_at), updated_at: new Date(json.updated_at) };
}

/** What {@link loadRunInputs} returns. */
export type RunInputs = NonNullable<Awaited<ReturnType<typeof loadRunInputs>>>;

/** Everything executing a run needs. */
export interface RunContext extends Omit<RunInputs, 'busyRunId'> {
  run: typeof runs.$inferSelect;
  userMessage: typeof messages.$inferSelect;
}

/** Recent turns of the conversation before the run's message, split by the history budget. */
export type RunHistory = { included: HistoryTurn[]; overflow: HistoryTurn[] };

/**
 * A run's context from its claimed row and its user message (read by the claim's statement): the
 * inputs are read as the send read them, with the history before that message. `RUN_NOT_FOUND` when
 * either is missing.
 */
export async function loadRunContext(
  tx: Transaction,
  run: typeof runs.$inferSelect,
  userMessage: typeof messages.$inferSelect | undefined,
  options: { historyTokenBudget: number; now: Date },
): Promise<RunContext> {
  const inputs =
    userMessage && run.conversation_id
      ? await loadRunInputs(tx, {
          conversationId: run.conversation_id,
          lock: false,
          userText: userMessage.text ?? '',
          beforeMessageId: userMessage.id,
          historyTokenBudget: options.historyTokenBudget,
          now: options.now,
        })
      : null;
  if (!inputs || !userMessage)
    throw new AppError('RUN_NOT_FOUND', 'Run not found', { context: { run_id: run.id } });
  const { busyRunId: _busy, ...rest } = inputs;
  return { ...rest, run, userMessage };
}
