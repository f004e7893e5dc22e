import type { KnowledgeDocument, WsServerFrame } from '@renum/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useRealtime, useRealtimeStatus } from '../../lib/realtime.tsx';

type Progress = Extract<WsServerFrame, { type: 'knowledge_progress' }>;
type DocumentPage = { data: KnowledgeDocument[]; next_cursor: string | null };

/**
 * Follows a base's ingestion progress on the page's WebSocket: each `knowledge_progress` frame (sent by
 * whichever process indexes the document) updates that document's row in the cached list, so its bar
 * moves without reading the list again. A document the list does not hold yet, or one that finished,
 * has the list read once. True while the socket is open: the page polls only when it is not.
 */
export function useLiveProgress(knowledgeBaseId: string): boolean {
  const connection = useRealtime();
  const status = useRealtimeStatus(connection);
  const queryClient = useQueryClient();
  useEffect(
    () =>
      connection.on((frame) => {
        if (frame.type !== 'knowledge_progress' || frame.knowledge_base_id !== knowledgeBaseId) return;
        const queryKey = ['knowledge-bases', knowledgeBaseId, 'documents'];
        const cached = queryClient.getQueryData<DocumentPage>(queryKey);
        const known = cached?.data.some((row) => isOf(row, frame)) ?? false;
        if (known) {
          queryClient.setQueryData<DocumentPage>(queryKey, (page) =>
            page
              ? { ...page, data: page.data.map((row) => (isOf(row, frame) ? apply(row, frame) : row)) }
              : page,
          );
        }
        // A read already under way is kept (frames come faster than a list is read: cancelling it for
        // each one would never let it finish).
        if (!known || frame.status !== 'processing') {
          void queryClient.invalidateQueries({ queryKey }, { cancelRefetch: false });
        }
      }),
    [connection, queryClient, knowledgeBaseId],
  );
  return status === 'open';
}

/** The frame is about this row's current version (an older version's late frame changes nothing). */
const isOf = (row: KnowledgeDocument, frame: Progress) =>
  row.id === frame.document_id && row.version <= frame.version;

function apply(row: KnowledgeDocument, frame: Progress): KnowledgeDocument {
  return {
    ...row,
    version: frame.version,
    status: frame.status,
    progress: frame.progress,
    chunks_done: frame.chunks_done,
    chunks_total: frame.chunks_total,
    error: frame.error,
    error_code: frame.error_code ?? null,
  };
}
