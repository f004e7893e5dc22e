-- The trace a run belongs to (issue 16, ADR 0069): the W3C `traceparent` of the span that was
-- active when the run was created (the HTTP request that sent the message, or a span marking the run's
-- creation when none was). Whichever process executes the run starts its `renum.run` span as that span's
-- child, so a run taken by another worker, taken over after a crash or resumed after an approval stays in
-- one trace, and the run page links to it. Null when tracing is off.
ALTER TABLE runs ADD COLUMN trace_parent text
  CHECK (trace_parent ~ '^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$');
