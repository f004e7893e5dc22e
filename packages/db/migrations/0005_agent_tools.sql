-- Tools an agent may use, with per-tool options and the critical flag (issue 4):
-- [{ "name": "web_search", "options": { ... }, "critical": false }, ...]
ALTER TABLE agents ADD COLUMN tools jsonb NOT NULL DEFAULT '[]';
