-- Prompt logging opt-in (issue 16, ADR 0067): until this moment, the worker logs the prompts of the
-- client's runs (system prompt, messages sent, answer; secrets still scrubbed). Prompts hold personal data
-- (LGPD), so the switch is a deadline rather than a flag: it turns itself off without anyone remembering
-- to. NULL, or a moment in the past, is off (the default). Only the platform role writes it (platform
-- admins, audited in the client's own log); the client's role reads it with the rest of its row.
ALTER TABLE clients ADD COLUMN prompt_logging_until timestamptz;
