import { z } from 'zod';

/**
 * Codes of the texts the platform itself writes into run events (`content` of a status, a tool call, a
 * routing decision…), so each reader sees them in their own language (issue 17, ADR 0052). The old
 * `content` stays, in the language it always had, for API compatibility; a reader translates
 * `content_code` with `content_params` and falls back to `content` for a code it does not know.
 */
export const runNoteCodes = [
  'run.processing',
  'run.resuming',
  'run.running_with_model',
  'run.running_on_suna',
  'run.retrying',
  'run.falling_back',
  'run.suspended',
  'run.stopped',
  'run.failed',
  'run.interrupted',
  'routing.sub_agent',
  'routing.no_match',
  'routing.analysis_failed',
  'tool.running',
  'tool.calling',
  'tool.finished',
  'tool.answered',
  'tool.failed',
  'tool.needs_approval',
  'tool.awaiting_approval',
  'knowledge.found',
  'knowledge.none',
  'team.started',
  'team.cancelled',
  'step.started',
  'step.ended',
  'step.retrying',
] as const;

/** One of {@link runNoteCodes}. */
export const runNoteCodeSchema = z.enum(runNoteCodes);
export type RunNoteCode = z.infer<typeof runNoteCodeSchema>;

/** Values a note's translation substitutes (`{tool}`, `{ms}`…): names, numbers, untranslated details. */
export const runNoteParamsSchema = z.record(z.string(), z.union([z.string(), z.number()]));
export type RunNoteParams = z.infer<typeof runNoteParamsSchema>;

/** The fields an event's platform-written `content` is described by; spread into event body schemas. */
export const runNoteShape = {
  /** What `content` says, as a code to translate; absent on events written before codes existed. */
  content_code: runNoteCodeSchema.optional(),
  /** The values of `content_code`'s translation. */
  content_params: runNoteParamsSchema.optional(),
};

/** The note fields of an event: `{ content_code, content_params }` (params left out when none). */
export function runNote(code: RunNoteCode, params?: RunNoteParams) {
  return params ? { content_code: code, content_params: params } : { content_code: code };
}
