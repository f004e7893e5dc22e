-- Structured output of a team step (issue 14, ADR 0044): the JSON schema a run's answer must satisfy,
-- stored on the run so whichever worker executes it (the one that started the step, or another after a
-- crash) asks the model for it through the provider's structured-output API. Null for a chat turn and
-- for a step without an output_schema. The step still validates the answer against the schema.
ALTER TABLE runs ADD COLUMN output_schema jsonb;
