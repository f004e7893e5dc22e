/**
 * The one rule for text at every boundary (HTTP bodies, queries, path parameters, headers, and later
 * WebSocket frames, file names and channel webhooks): Postgres refuses NUL (`\u0000`) in `text` and
 * `jsonb`, and a lone UTF-16 surrogate (a string cut inside an emoji) cannot be encoded as UTF-8, so
 * `jsonb` refuses it and `text` silently stores U+FFFD. Boundaries that can refuse call
 * {@link findTextIssues} and answer `400 VALIDATION_ERROR`; those that cannot refuse (a channel's
 * conversation content) call {@link sanitizeText} or {@link sanitizeTextDeep} and log the replacements.
 */

/** Why a string cannot be stored as it is. */
export type TextProblem = 'nul' | 'lone_surrogate';

/** The message of each {@link TextProblem}, worded for the `details` of a validation error. */
export const textProblemMessages: Readonly<Record<TextProblem, string>> = {
  nul: 'must not contain NUL characters',
  lone_surrogate: 'must not contain unpaired UTF-16 surrogates (text cut inside a character)',
};

/** U+FFFD, the character that replaces what cannot be stored. */
export const replacementCharacter = '\uFFFD';

/** The problem of `text`, NUL first, or null when it can be stored. */
export function findTextProblem(text: string): TextProblem | null {
  if (text.includes('\u0000')) return 'nul';
  if (!text.isWellFormed()) return 'lone_surrogate';
  return null;
}

/** `text` with every NUL and every lone surrogate replaced by U+FFFD (same length). */
export function sanitizeText(text: string): string {
  const wellFormed = text.toWellFormed();
  return wellFormed.includes('\u0000') ? wellFormed.replaceAll('\u0000', replacementCharacter) : wellFormed;
}

/** One string that breaks the rule, inside a JSON-like value. */
export interface TextIssue {
  /** Object keys and array indexes from the value's root to the string (the key itself when `inKey`). */
  path: Array<string | number>;
  problem: TextProblem;
  /** True when the offending string is an object key rather than a value. */
  inKey: boolean;
}

/** A value waiting to be visited, linked to its parent so a path is only built for an issue. */
interface PendingValue {
  value: unknown;
  parent: PendingValue | null;
  segment: string | number | null;
  /** Set when `segment` is an object key, which is checked too. */
  isKey: boolean;
}

function pathOf(item: PendingValue): Array<string | number> {
  const path: Array<string | number> = [];
  for (let node: PendingValue | null = item; node && node.segment !== null; node = node.parent)
    path.push(node.segment);
  return path.reverse();
}

/**
 * Every string of a JSON-like value that breaks the rule, object keys included, at any depth, in
 * document order (walked without recursion and in linear time, so a deep value cannot overflow the
 * stack). Stops after `limit` issues.
 * @defaultValue limit 20
 */
export function findTextIssues(value: unknown, options: { limit?: number } = {}): TextIssue[] {
  const limit = options.limit ?? 20;
  const issues: TextIssue[] = [];
  const pending: PendingValue[] = [{ value, parent: null, segment: null, isKey: false }];
  for (let item = pending.pop(); item && issues.length < limit; item = pending.pop()) {
    const keyProblem = item.isKey ? findTextProblem(String(item.segment)) : null;
    if (keyProblem) issues.push({ path: pathOf(item), problem: keyProblem, inKey: true });
    if (typeof item.value === 'string') {
      const problem = findTextProblem(item.value);
      if (problem && issues.length < limit) issues.push({ path: pathOf(item), problem, inKey: false });
    } else if (Array.isArray(item.value)) {
      for (let index = item.value.length - 1; index >= 0; index--)
        pending.push({ value: item.value[index], parent: item, segment: index, isKey: false });
    } else if (item.value !== null && typeof item.value === 'object') {
      const record = item.value as Record<string, unknown>;
      const keys = Object.keys(record);
      for (let index = keys.length - 1; index >= 0; index--) {
        const key = keys[index] as string;
        pending.push({ value: record[key], parent: item, segment: key, isKey: true });
      }
    }
  }
  return issues;
}

/**
 * A copy of a JSON-like value with {@link sanitizeText} applied to every string and key, and how many
 * strings it changed (for the log line of a boundary that must accept what it receives). Walked without
 * recursion, like {@link findTextIssues}.
 */
export function sanitizeTextDeep<T>(value: T): { value: T; replaced: number } {
  let replaced = 0;
  const clean = (text: string): string => {
    if (findTextProblem(text) === null) return text;
    replaced++;
    return sanitizeText(text);
  };
  const copy = (item: unknown): unknown => {
    if (typeof item === 'string') return clean(item);
    if (Array.isArray(item)) return new Array<unknown>(item.length);
    return item !== null && typeof item === 'object' ? {} : item;
  };
  const root = { value: copy(value) };
  const pending: Array<{ source: unknown; target: unknown }> = [{ source: value, target: root.value }];
  for (let item = pending.pop(); item; item = pending.pop()) {
    const { source, target } = item;
    if (source === null || typeof source !== 'object') continue;
    for (const [key, child] of Object.entries(source)) {
      const targetKey = Array.isArray(source) ? key : clean(key);
      const childCopy = copy(child);
      // defineProperty, not assignment: a `__proto__` key stays a key instead of replacing the prototype.
      Object.defineProperty(target, targetKey, {
        value: childCopy,
        enumerable: true,
        writable: true,
        configurable: true,
      });
      pending.push({ source: child, target: childCopy });
    }
  }
  return { value: root.value as T, replaced };
}

/** Spells an issue's path as the validation errors do: `body.config.a.0` (offending characters replaced). */
export function textIssueField(root: string, issue: Pick<TextIssue, 'path'>): string {
  return [root, ...issue.path.map((segment) => sanitizeText(String(segment)))].filter(Boolean).join('.');
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * Cuts `text` to at most `maxLength` UTF-16 code units (the unit of `String.length` and of the
 * contracts' `.max()`) without splitting a user-perceived character: an emoji, a flag, a letter with
 * its accents. When cut, `ellipsis` is appended within the limit. A first character longer than the
 * limit is cut between code points, never inside a surrogate pair.
 * @defaultValue ellipsis `''`
 */
export function truncateText(text: string, maxLength: number, options: { ellipsis?: string } = {}): string {
  if (text.length <= maxLength) return text;
  const ellipsis = (options.ellipsis?.length ?? 0) < maxLength ? (options.ellipsis ?? '') : '';
  const budget = Math.max(0, maxLength - ellipsis.length);
  let end = 0;
  for (const { segment, index } of graphemes.segment(text)) {
    if (index + segment.length > budget) break;
    end = index + segment.length;
  }
  if (end === 0) end = codePointBoundary(text, budget);
  return text.slice(0, end) + ellipsis;
}

function codePointBoundary(text: string, at: number): number {
  const before = text.charCodeAt(at - 1);
  return at > 0 && before >= 0xd800 && before <= 0xdbff ? at - 1 : at;
}
