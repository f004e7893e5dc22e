import type { MessageFeedbackState } from '@renum/contracts';
import { messageFeedback, messages } from '@renum/db';
import { sql } from 'drizzle-orm';

/**
 * The columns of a message on the wire, one list for every way a message leaves: the HTTP list, a
 * WebSocket `sync_data` and the `message` frames pushed after a run (they once lacked the citations).
 * `feedback` is the answer's stored thumbs up or down (one per message: a new vote replaces it), so a
 * reopened conversation shows it pressed.
 */
export const messageColumns = {
  id: messages.id,
  conversation_id: messages.conversation_id,
  run_id: messages.run_id,
  role: messages.role,
  text: messages.text,
  content: messages.content,
  sub_agent_id: messages.sub_agent_id,
  tokens_input: messages.tokens_input,
  tokens_output: messages.tokens_output,
  author_user_id: messages.author_user_id,
  author_name: messages.author_name,
  citations: messages.citations,
  // Qualified by hand: in a one-table select Drizzle writes columns unqualified, and an unqualified `id`
  // inside the subquery would be the feedback's own.
  feedback: sql<MessageFeedbackState | null>`(
    select jsonb_build_object('rating', feedback.rating, 'comment', feedback.comment)
    from ${messageFeedback} feedback where feedback.message_id = ${messages}.id)`,
  created_at: messages.created_at,
};
