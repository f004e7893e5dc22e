import { messages } from '@renum/db';

/**
 * The columns of a message on the wire, one list for every way a message leaves: the HTTP list, a
 * WebSocket `sync_data` and the `message` frames pushed after a run (they once lacked the citations).
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
  created_at: messages.created_at,
};
