-- A run's messages by the run's id: a team step's record reading its answer, the API channel's synchronous
-- answer, WhatsApp's reply, a send's idempotent replay, the run summaries. Without an index each of these
-- reads scanned the messages of every client (measured at issue 14: the step record's plan walked an
-- index of all messages, filtering on run_id).
CREATE INDEX idx_messages_run ON messages(run_id) WHERE run_id IS NOT NULL;
