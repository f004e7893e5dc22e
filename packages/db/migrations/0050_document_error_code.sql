-- Why a document failed, as a stable code a screen translates (documents.error keeps the English detail
-- for API clients): the web showed that English sentence in every language. Null unless the document
-- failed; a failure stored before this migration keeps a null code and is shown by its text.
ALTER TABLE documents
  ADD COLUMN error_code text CHECK (error_code IN (
    'unsupported_format', 'corrupt', 'encrypted', 'empty', 'too_large',
    'fetch_unavailable', 'fetch_blocked', 'fetch_unreachable', 'fetch_http_error',
    'embedding_unavailable', 'embedding_failed'
  )),
  ADD CONSTRAINT documents_error_code_failed_only CHECK (error_code IS NULL OR status = 'failed');
