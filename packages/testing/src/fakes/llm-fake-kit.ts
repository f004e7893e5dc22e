import type { RouteContext } from './fake-http-server.ts';
import { isRecord, sleep } from './http-io.ts';
import type { LlmFakeControls, LlmRequestInfo, ResolvedTurn, TurnSource } from './llm-turns.ts';
import type { FakeServer } from './types.ts';

// Steps every LLM fake (OpenAI, Anthropic) takes the same way; internal, not re-exported.

/** What the fake understood of a request, from the parts each wire API spells its own way. */
export function llmRequestInfo(
  ctx: RouteContext,
  body: Record<string, unknown>,
  parts: Pick<LlmRequestInfo, 'api' | 'lastUserText' | 'toolResults'> & {
    /** The name of one offered tool, as this API nests it. */
    toolName: (tool: Record<string, unknown>) => string;
  },
): LlmRequestInfo {
  const tools = (Array.isArray(body.tools) ? body.tools : []).filter(isRecord);
  return {
    api: parts.api,
    model: String(body.model),
    stream: body.stream === true,
    lastUserText: parts.lastUserText,
    toolResults: parts.toolResults,
    toolNames: tools.map(parts.toolName),
    body,
    request: ctx.req,
  };
}

/**
 * The next turn for a request once its think time has passed; undefined when the client went away
 * meanwhile, so nothing more is written.
 */
export async function takeTurn(
  ctx: RouteContext,
  turns: TurnSource,
  info: LlmRequestInfo,
  newToolCallId: () => string,
): Promise<ResolvedTurn | undefined> {
  const turn = await turns.next(info, newToolCallId);
  await sleep(turn.thinkTimeMs, ctx.signal);
  return ctx.signal.aborted ? undefined : turn;
}

/** An LLM fake's handle: the server, its `/v1` base URL and the turn controls (reset drops queued turns too). */
export function llmFakeHandle(
  server: FakeServer,
  turns: TurnSource,
): FakeServer & LlmFakeControls & { readonly baseURL: string } {
  return {
    ...server,
    baseURL: `${server.url}/v1`,
    reset: () => {
      server.reset();
      turns.clear();
    },
    enqueueTurn: turns.enqueueTurn,
    pendingTurns: turns.pendingTurns,
  };
}
