import type { RunEvent, RunEventType } from '@renum/contracts';
import {
  Activity,
  BookOpen,
  ChevronDown,
  CircleAlert,
  CircleCheck,
  CircleX,
  Flag,
  type LucideIcon,
  MessageSquareText,
  Play,
  Route,
  ShieldQuestion,
  Wrench,
} from 'lucide-react';
import { useId, useState } from 'react';
import { type Translate, useI18n } from '../../i18n/i18n.tsx';
import { type RunStoryTranslate, useRunStoryT } from '../../i18n/run-story.ts';
import { errorCodeMessage } from '../../lib/describe-error.ts';
import { runNoteText } from '../../lib/run-note-text.ts';
import { cx } from '../../ui/index.ts';

const icons: Record<RunEventType, LucideIcon> = {
  status: Activity,
  agent_switch: Route,
  tool_call: Wrench,
  tool_result: CircleCheck,
  content: MessageSquareText,
  approval_request: ShieldQuestion,
  step_start: Play,
  step_end: Flag,
  complete: CircleCheck,
  error: CircleAlert,
  retrieval: BookOpen,
};

function toneOf(event: RunEvent): string {
  if (event.type === 'error' || (event.type === 'tool_result' && event.is_error)) return 'text-danger';
  if (event.type === 'complete') return 'text-success';
  return 'text-text-muted';
}

/** The run's story: one line per event, an icon and words in the reader's language, the raw event on demand. */
export function RunTimeline({ events }: { events: RunEvent[] }) {
  return (
    <ol className="flex flex-col" data-testid="timeline">
      {coalesceContent(events).map((event) => (
        <TimelineItem key={event.seq} event={event} />
      ))}
    </ol>
  );
}

function TimelineItem({ event }: { event: RunEvent }) {
  const { formatDate } = useI18n();
  const tr = useRunStoryT();
  const [open, setOpen] = useState(false);
  const rawId = useId();
  const Icon = event.type === 'tool_result' && event.is_error ? CircleX : icons[event.type];
  return (
    <li className="relative flex gap-3 pb-4 last:pb-0" data-testid="timeline-event" data-type={event.type}>
      <span
        className={cx(
          'mt-0.5 flex size-7 shrink-0 items-center justify-center rounded-full border border-border bg-surface',
          toneOf(event),
        )}
      >
        <Icon aria-hidden="true" className="size-4" />
      </span>
      <div className="flex min-w-0 flex-1 flex-col gap-1 text-sm">
        <div className="flex flex-wrap items-baseline gap-x-2">
          <span className="font-medium">{tr(`runs.event.${event.type}`)}</span>
          <span className="text-xs text-text-muted">
            {formatDate(event.created_at, { timeStyle: 'medium' })}
          </span>
        </div>
        <EventWords event={event} />
        <div>
          <button
            type="button"
            className="inline-flex items-center gap-1 rounded text-xs text-primary underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-primary"
            aria-expanded={open}
            aria-controls={rawId}
            onClick={() => setOpen((value) => !value)}
          >
            <ChevronDown
              aria-hidden="true"
              className={cx('size-3 transition-transform', open && 'rotate-180')}
            />
            {tr(open ? 'runs.rawHide' : 'runs.rawShow', { seq: event.seq })}
          </button>
          {open ? (
            // Wrapped, never scrolled: a scrolling region would need its own keyboard focus stop.
            <pre
              id={rawId}
              className="mt-1 whitespace-pre-wrap break-all rounded-md border border-border bg-surface-muted p-2 text-xs"
              data-testid="raw-event"
            >
              {JSON.stringify(event, null, 2)}
            </pre>
          ) : null}
        </div>
      </div>
    </li>
  );
}

/** What the event says, in words: the platform's note translated by its code, tools with durations. */
function EventWords({ event }: { event: RunEvent }) {
  const { t, formatNumber } = useI18n();
  const tr = useRunStoryT();
  const words = eventWords(event, { t, tr }, formatNumber);
  if (!words) return null;
  return (
    <p
      className={cx(
        'whitespace-pre-wrap break-words',
        event.type === 'error' ? 'text-danger' : 'text-text-muted',
      )}
    >
      {words}
    </p>
  );
}

function eventWords(
  event: RunEvent,
  { t, tr }: { t: Translate; tr: RunStoryTranslate },
  formatNumber: (value: number) => string,
): string {
  switch (event.type) {
    case 'tool_call':
      return tr('runs.toolCalled', { tool: event.tool, params: JSON.stringify(event.params) });
    case 'tool_result': {
      const took = tr(event.is_error ? 'runs.toolFailedIn' : 'runs.toolTook', {
        tool: event.tool,
        ms: formatNumber(event.duration_ms),
      });
      return event.attempts > 1 ? `${took} · ${tr('runs.toolAttempts', { count: event.attempts })}` : took;
    }
    case 'error':
      return errorWords(event.code, t);
    case 'complete':
      return tr('runs.completeUsage', { tokens: formatNumber(event.usage.total_tokens) });
    case 'content':
      return event.content;
    case 'retrieval':
      return tr('runs.sources', { count: event.sources.length });
    case 'status':
      return event.content_code
        ? runNoteText(event, tr)
        : tr('runs.statusNow', { status: t(`runs.state.${event.status}`) });
    default:
      return runNoteText(event, tr);
  }
}

/** A run error code as a sentence in the reader's language (every code has one; the test checks it). */
export function errorWords(code: string, t: Translate): string {
  return errorCodeMessage(code, t) ?? code;
}

/** Consecutive `content` deltas read as one line of the timeline (the first one's seq and time). */
function coalesceContent(events: RunEvent[]): RunEvent[] {
  const out: RunEvent[] = [];
  for (const event of events) {
    const last = out.at(-1);
    if (event.type === 'content' && last?.type === 'content')
      out[out.length - 1] = { ...last, content: last.content + event.content };
    else out.push(event);
  }
  return out;
}
