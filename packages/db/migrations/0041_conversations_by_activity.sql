-- The inbox lists a client's conversations by newest activity (issue 11): the last message's time, or the
-- creation time of a conversation without messages, then the id for a stable order between equal times.
CREATE INDEX idx_conversations_client_activity
  ON conversations(client_id, (coalesce(last_message_at, created_at)) DESC, id DESC);
