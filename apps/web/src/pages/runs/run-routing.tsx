import type { RunEvent, RunSummary } from '@renum/contracts';
import { useRunStoryT } from '../../i18n/run-story.ts';
import { runNoteText } from '../../lib/run-note-text.ts';

/**
 * The routing decision in words: which sub-agent answered and why (the topic it matched, or the one the
 * model's analysis named), or why the agent answered itself.
 */
export function RunRouting({ run, events }: { run: RunSummary; events: RunEvent[] }) {
  const tr = useRunStoryT();
  const agent = run.agent_name ?? tr('runs.agentItself');
  const switched = events.find((event) => event.type === 'agent_switch');
  let words: string;
  if (switched) {
    const topics = switched.matched_topics.length > 0 ? switched.matched_topics.join(', ') : '—';
    words = tr(switched.via === 'topic_match' ? 'runs.routing.topicMatch' : 'runs.routing.topicAnalysis', {
      agent,
      name: switched.agent,
      topics: `“${topics}”`,
    });
  } else if (run.routing_error_code) {
    words = runNoteText(
      {
        content: run.routing_error ?? '',
        content_code: run.routing_error_code,
        ...(run.routing_error_params ? { content_params: run.routing_error_params } : {}),
      },
      tr,
    );
  } else if (run.sub_agent_id === null) {
    words = tr('runs.routing.none', { agent });
  } else {
    return null;
  }
  return (
    <p className="text-sm" data-testid="routing-explained">
      {words}
    </p>
  );
}
