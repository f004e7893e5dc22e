import type { RunEvent } from '@renum/contracts';
import { RenumApiError } from '@renum/sdk';
import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import { useApi } from '../../lib/web-api.tsx';
import { chatReducer, emptyChatView, isAnswering } from './chat-view.ts';

/**
 * The conversation's view and its actions. Opening a conversation loads its messages; when its last
 * run is still going (a reload mid-answer), the run's events are replayed from its start and followed
 * live: the reducer skips what it has seen, so the answer completes exactly once.
 */
export function useChat(conversationId: string | null) {
  const client = useApi();
  const [view, dispatch] = useReducer(chatReducer, emptyChatView);
  const [loading, setLoading] = useState(false);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [reconnecting, setReconnecting] = useState(false);
  const [runId, setRunId] = useState<string | null>(null);
  const abortRef = useRef<AbortController | null>(null);

  const follow = useCallback(async (events: AsyncGenerator<RunEvent>) => {
    try {
      for await (const event of events) {
        setReconnecting(false);
        setRunId(event.run_id);
        dispatch({ type: 'event', event });
      }
    } catch (error) {
      const code = RenumApiError.isInstance(error) ? error.code : 'NETWORK_ERROR';
      const message = error instanceof Error ? error.message : String(error);
      dispatch({ type: 'connection-lost', code, message });
    } finally {
      setReconnecting(false);
      setRunId(null);
    }
  }, []);

  useEffect(() => {
    abortRef.current?.abort();
    dispatch({ type: 'history', messages: [] });
    if (!conversationId) return;
    const controller = new AbortController();
    abortRef.current = controller;
    const { signal } = controller;
    setLoading(true);
    setLoadError(null);
    (async () => {
      const [messages, runs, conversation] = await Promise.all([
        client.messages.list(conversationId, { limit: 200 }, { signal }),
        client.runs.list({ conversation_id: conversationId, limit: 1 }, { signal }),
        client.conversations.get(conversationId, { signal }),
      ]);
      const subAgents = await client.subAgents.list(conversation.agent_id, { signal });
      if (signal.aborted) return;
      const subAgentNames = Object.fromEntries(
        subAgents.data.map((subAgent) => [subAgent.id, subAgent.name]),
      );
      dispatch({ type: 'history', messages: messages.data, subAgentNames });
      const [last] = runs.data;
      setLoading(false);
      if (last && (last.status === 'running' || last.status === 'queued')) {
        await follow(
          client.runs.events(last.id, { afterSeq: 0, signal, onReconnect: () => setReconnecting(true) }),
        );
      }
    })().catch((error: unknown) => {
      if (signal.aborted) return;
      setLoading(false);
      setLoadError(error);
    });
    return () => controller.abort();
  }, [client, conversationId, follow]);

  const send = useCallback(
    async (content: string) => {
      if (!conversationId) return;
      dispatch({ type: 'sent', id: `local:${Date.now()}`, text: content });
      const signal = abortRef.current?.signal;
      await follow(
        client.messages.stream(conversationId, content, {
          ...(signal ? { signal } : {}),
          onReconnect: () => setReconnecting(true),
        }),
      );
    },
    [client, conversationId, follow],
  );

  const stop = useCallback(async () => {
    if (runId) await client.runs.stop(runId);
  }, [client, runId]);

  return {
    view,
    loading,
    loadError,
    reconnecting,
    answering: isAnswering(view),
    canStop: runId !== null,
    send,
    stop,
  };
}
