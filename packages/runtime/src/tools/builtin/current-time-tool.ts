import { z } from 'zod';
import { defineTool, type ToolDefinition } from '../tool-definition.ts';

/** Name the current-time tool is registered and called by. */
export const CURRENT_TIME_TOOL_NAME = 'current_time';

/** Input of the current-time tool. */
export const currentTimeInputSchema = z.object({
  timezone: z
    .string()
    .min(1)
    .max(100)
    .optional()
    .describe('IANA time zone such as "America/Sao_Paulo" or "UTC"; the default zone when omitted'),
});
/** Input of the current-time tool. */
export type CurrentTimeInput = z.infer<typeof currentTimeInputSchema>;

/** Output of the current-time tool: one instant, in UTC and in the requested zone. */
export interface CurrentTimeOutput {
  /** The IANA zone the local fields are in, as the runtime spells it. */
  readonly timezone: string;
  /** The instant in UTC, ISO-8601 (`2025-03-01T12:00:00.000Z`). */
  readonly utc: string;
  /** Local date and time with offset, ISO-8601 without milliseconds (`2025-03-01T09:00:00-03:00`). */
  readonly local: string;
  /** Local date, `YYYY-MM-DD`. */
  readonly date: string;
  /** Local time, `HH:mm:ss` (24-hour). */
  readonly time: string;
  /** Local day of the week in English (`Saturday`). */
  readonly weekday: string;
  /** Offset from UTC, `±HH:mm`. */
  readonly utcOffset: string;
}

/** Options of {@link createCurrentTimeTool}. */
export interface CurrentTimeToolOptions {
  /**
   * The clock.
   * @defaultValue () => new Date()
   */
  readonly now?: () => Date;
  /**
   * Zone used when the call names none.
   * @defaultValue 'UTC'
   */
  readonly defaultTimezone?: string;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Formatters are costly to build and zones few: each valid zone's is built once. */
function createFormatter(timezone: string): Intl.DateTimeFormat {
  const cached = formatters.get(timezone);
  if (cached) return cached;
  try {
    const formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      weekday: 'long',
      hourCycle: 'h23',
      timeZoneName: 'longOffset',
    });
    if (formatters.size < 1000) formatters.set(timezone, formatter);
    return formatter;
  } catch (error) {
    throw new Error(
      `Unknown time zone "${timezone}": use an IANA name such as "America/Sao_Paulo" or "UTC"`,
      {
        cause: error,
      },
    );
  }
}

/** Formats `instant` in `timezone`; throws a clear error for a zone the runtime does not know. */
export function describeInstant(instant: Date, timezone: string): CurrentTimeOutput {
  const formatter = createFormatter(timezone);
  const parts = Object.fromEntries(formatter.formatToParts(instant).map((part) => [part.type, part.value]));
  const offsetMatch = /GMT([+-]\d{2}:\d{2})/.exec(parts.timeZoneName ?? '');
  const utcOffset = offsetMatch?.[1] ?? '+00:00';
  const date = `${parts.year}-${parts.month}-${parts.day}`;
  const time = `${parts.hour}:${parts.minute}:${parts.second}`;
  return {
    timezone: formatter.resolvedOptions().timeZone,
    utc: instant.toISOString(),
    local: `${date}T${time}${utcOffset}`,
    date,
    time,
    weekday: parts.weekday ?? '',
    utcOffset,
  };
}

/**
 * Built-in `current_time` tool: the current date and time in an IANA time zone, read from the injected
 * clock. An unknown zone fails with a message naming it.
 */
export function createCurrentTimeTool(
  options: CurrentTimeToolOptions = {},
): ToolDefinition<CurrentTimeInput, CurrentTimeOutput> {
  const now = options.now ?? (() => new Date());
  const defaultTimezone = options.defaultTimezone ?? 'UTC';
  describeInstant(new Date(0), defaultTimezone);
  return defineTool({
    name: CURRENT_TIME_TOOL_NAME,
    description:
      'Returns the current date and time, optionally in a given IANA time zone (e.g. America/Sao_Paulo).',
    inputSchema: currentTimeInputSchema,
    execute: ({ timezone }) => describeInstant(now(), timezone ?? defaultTimezone),
  });
}
