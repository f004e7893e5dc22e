import { isTerminalRunEvent, type RunEvent, type WsServerFrame } from '@renum/contracts';
import { useCallback, useEffect, useReducer, useState } from 'react';
import { useRealtime, useRealtimeStatus } from '../../lib/realtime.tsx';
import { useApi } from '../../lib/web-api.tsx';
import { chatReducer, emptyChatView, isAnswering } from './chat-view.ts';
import { runsToReplay, withReplayedRun } from './history-replay.ts';

/**
 * Who uses the chat: the person chatting (the playground: their own messages are shown as they send
 * them) or a person watching it (the inbox: everyone's messages come from the server).
 */
export type ChatMode = 'chat' | 'watch';

/**
 * The conversation's view and its actions, over the page's WebSocket. Opening a conversation loads its
 * messages and follows its run events from where the stored history ends; when its last run is still
 * going (a reload mid-answer), from the conversation's start, and the reducer keeps only that run's
 * (stored answers are complete). A dropped connection resumes by itself: the reducer skips what it saw.
 */
export function useChat(conversationId: string | null, mode: ChatMode = 'chat') {
  const client = useApi();
  const connection = useRealtime();
  const status = useRealtimeStatus(connection);
  const [view, dispatch] = useReducer(chatReducer, emptyChatView);
  const [loading, setLoading] = useState(false);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [runId, setRunId] = useState<string | null>(null);
  // The newest stored message shown (ids are UUIDv7: later is greater), for read receipts.
  const [lastMessageId, setLastMessageId] = useState<string | null>(null);
  const seeMessage = useCallback(
    (id: string) => setLastMessageId((current) => (current === null || id > current ? id : current)),
    [],
  );

  useEffect(() => {
    dispatch({ type: 'history', messages: [] });
    setRunId(null);
    setLastMessageId(null);
    if (!conversationId) return;
    const controller = new AbortController();
    const { signal } = controller;
    let off: (() => void) | undefined;
    setLoading(true);
    setLoadError(null);
    const onFrame = (frame: WsServerFrame) => {
      if (frame.type === 'event' && frame.event.conversation_id === conversationId) {
        setRunId(isTerminalRunEvent(frame.event) ? null : frame.event.run_id);
        dispatch({ type: 'event', event: frame.event });
      } else if (frame.type === 'message' && frame.message.conversation_id === conversationId) {
        seeMessage(frame.message.id);
        // The person chatting sees their own message as they send it.
        if (mode === 'chat' && frame.message.role === 'user') return;
        dispatch({ type: 'message', message: frame.message });
      } else if (
        frame.type === 'error' &&
        frame.frame === 'message' &&
        frame.conversation_id === conversationId
      ) {
        dispatch({ type: 'connection-lost', code: frame.code, message: frame.error });
      }
    };
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
      const newest = messages.data.at(-1);
      if (newest) seeMessage(newest.id);
      const [last] = runs.data;
      const running = last && (last.status === 'running' || last.status === 'queued');
      off = connection.on(onFrame);
      connection.subscribe(conversationId, running ? 0 : conversation.last_seq);
      setLoading(false);
      // Then, one run at a time (a light load), what the stored messages do not keep: chips, durations, ends.
      for (const id of runsToReplay(messages.data, running ? last.id : null)) {
        const events: RunEvent[] = [];
        try {
          for await (const item of client.runs.events(id, { signal })) events.push(item);
        } catch (error) {
          if (signal.aborted) return;
          console.warn('[renum] could not replay the events of run', id, error);
          continue;
        }
        if (signal.aborted) return;
        dispatch({ type: 'update', change: (current) => withReplayedRun(current, id, events) });
      }
    })().catch((error: unknown) => {
      if (signal.aborted) return;
      setLoading(false);
      setLoadError(error);
    });
    return () => {
      controller.abort();
      off?.();
      connection.unsubscribe(conversationId);
    };
  }, [client, connection, conversationId, mode, seeMessage]);

  const send = useCallback(
    async (content: string) => {
      if (!conversationId) return;
      dispatch({ type: 'sent', id: `local:${Date.now()}`, text: content });
      connection.send({ type: 'message', conversation_id: conversationId, content });
    },
    [connection, conversationId],
  );

  const stop = useCallback(async () => {
    if (runId) await client.runs.stop(runId);
  }, [client, runId]);

  return {
    view,
    loading,
    loadError,
    reconnecting: status === 'reconnecting',
    answering: isAnswering(view),
    canStop: runId !== null,
    lastMessageId,
    send,
    stop,
  };
}
