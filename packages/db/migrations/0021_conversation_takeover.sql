-- Human takeover (issue 11): a person of the client takes a conversation over from its agent, which then
-- stores what arrives without answering it, and hands it back. At most one person holds a conversation:
-- taking it over is one conditional UPDATE (`WHERE taken_over_by IS NULL`), so of two people at once one
-- wins. A person's replies are messages that name their author (the name as it was when they wrote).

ALTER TABLE conversations
  ADD COLUMN taken_over_by uuid REFERENCES users(id) ON DELETE SET NULL,
  ADD COLUMN taken_over_at timestamptz,
  ADD CONSTRAINT conversations_takeover_time CHECK (taken_over_by IS NULL OR taken_over_at IS NOT NULL);

ALTER TABLE messages
  ADD COLUMN author_user_id uuid REFERENCES users(id) ON DELETE SET NULL,
  ADD COLUMN author_name text;

-- The inbox's "taken over" filter.
CREATE INDEX idx_conversations_taken_over ON conversations(client_id, taken_over_by)
  WHERE taken_over_by IS NOT NULL;
