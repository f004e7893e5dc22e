import { runNote } from '@renum/contracts';
import { analyzeTopic, matchTopics } from '@renum/runtime';
import type { PlatformDeps } from '../platform-deps.ts';
import { clientModelKey } from './client-model-key.ts';
import type { ExtraModelCall } from './extra-model-call.ts';
import type { RunContext } from './run-context.ts';
import type { RunDeps } from './run-deps.ts';
import type { RunEventWriter } from './run-event-writer.ts';

type SubAgentRow = RunContext['activeSubAgents'][number];

/** Who answers a run, and the model calls deciding it cost. */
export interface Routing {
  subAgent: SubAgentRow | null;
  routingError: string | null;
  extraCalls: ExtraModelCall[];
}

const routable = (subAgent: SubAgentRow) => ({ ...subAgent, isActive: subAgent.is_active });

/**
 * Chooses who answers (seed 003): fast topic match, then the model's topic analysis (on the client's own
 * key for the agent's model when it has one), else the agent itself.
 */
export async function routeRun(options: {
  deps: PlatformDeps;
  run: RunDeps;
  context: RunContext;
  writer: RunEventWriter;
  signal: AbortSignal;
}): Promise<Routing> {
  const { context, writer } = options;
  const candidates = context.activeSubAgents.map(routable);
  if (candidates.length === 0) return { subAgent: null, routingError: null, extraCalls: [] };
  const fast = matchTopics({ message: context.userMessage.text, subAgents: candidates });
  const analysed = fast ? null : await analyseTopic(options, candidates);
  const match = fast ?? analysed?.match ?? null;
  if (!match) {
    return {
      subAgent: null,
      routingError: analysed?.routingError ?? null,
      extraCalls: analysed?.calls ?? [],
    };
  }
  writer.emit({
    type: 'agent_switch',
    agent_id: context.agent.id,
    sub_agent_id: match.subAgent.id,
    agent: match.subAgent.name,
    matched_topics: [...match.matchedTopics],
    via: fast ? 'topic_match' : 'topic_analysis',
    content: `🤖 ${match.subAgent.name} está trabalhando...`,
    ...runNote('routing.sub_agent', {
      name: match.subAgent.name,
      topics: match.matchedTopics.join(', '),
    }),
  });
  return {
    subAgent: match.subAgent as SubAgentRow,
    routingError: null,
    extraCalls: analysed?.calls ?? [],
  };
}

async function analyseTopic(
  options: Parameters<typeof routeRun>[0],
  candidates: ReturnType<typeof routable>[],
) {
  const { deps, run, context } = options;
  const calls: ExtraModelCall[] = [];
  try {
    const clientKey = await clientModelKey(deps, {
      clientId: context.run.client_id,
      agentId: context.agent.id,
      model: context.agent.model,
      runId: context.run.id,
      knownServices: context.ownKeyServices,
    });
    const resolved = run.models.resolve(context.agent.model, clientKey ? { clientKey } : {});
    const started = performance.now();
    const analysis = await analyzeTopic({
      model: resolved.model,
      message: context.userMessage.text,
      subAgents: candidates,
      abortSignal: options.signal,
    });
    calls.push({
      provider: resolved.provider,
      modelName: resolved.modelName,
      apiKeyType: resolved.apiKeyType,
      inputTokens: analysis.inputTokens,
      outputTokens: analysis.outputTokens,
      latencyMs: performance.now() - started,
      purpose: 'topic_analysis',
    });
    const routingError = analysis.match ? null : `${noMatchPrefix}${analysis.answer}")`;
    return { match: analysis.match, routingError, calls };
  } catch (error) {
    return { match: null, routingError: `${analysisFailedPrefix}${(error as Error).message}`, calls };
  }
}

const noMatchPrefix = 'No matching sub-agent found (topic analysis answered "';
const analysisFailedPrefix = 'Topic analysis failed: ';

/**
 * The code and values of a run's stored `routing_error` (the text {@link routeRun} wrote, in English), so
 * a reader sees it in their own language (ADR 0052); null for no error or a text it did not write.
 */
export function routingErrorNote(routingError: string | null) {
  if (routingError?.startsWith(noMatchPrefix))
    return runNote('routing.no_match', { answer: routingError.slice(noMatchPrefix.length, -2) });
  if (routingError?.startsWith(analysisFailedPrefix))
    return runNote('routing.analysis_failed', { error: routingError.slice(analysisFailedPrefix.length) });
  return null;
}
