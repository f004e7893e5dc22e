import { RE2JS } from 're2js';

/**
 * Limits on a regular expression a client writes (a JSON schema's `pattern`, and any future rule,
 * condition or policy that matches text). RE2 runs in time linear in the text, but the constant is the
 * size of the compiled program, so both the program and the work per check are bounded as well.
 */
export const clientPatternLimits = {
  /** Characters of one pattern. @defaultValue 512 */
  maxLength: 512,
  /**
   * Instructions of one compiled program, estimated before compiling (compiling is itself linear in
   * the expanded program, and `x{1000}` expands a thousandfold) and checked after. @defaultValue 1000
   */
  maxProgramSize: 1_000,
  /**
   * Program instructions × characters one validation may spend on patterns (about 50 ms at the
   * worst-case 250 ns per step measured for a lazy DFA that keeps missing its cache). @defaultValue 200000
   */
  matchBudget: 200_000,
} as const;

/** A client's regular expression, compiled for RE2 (linear time, no backreferences or lookaround). */
export interface ClientPattern {
  /** The pattern as the client wrote it. */
  readonly source: string;
  /** Instructions of the compiled program: the cost of one character checked. */
  readonly programSize: number;
  /** True when the pattern matches somewhere in `text` (JSON Schema semantics: not anchored). */
  test(text: string): boolean;
}

/** Why {@link compileClientPattern} refused a pattern; the message is readable as is. */
export class ClientPatternError extends Error {
  override readonly name = 'ClientPatternError';
}

const countedRepeat = /\{(\d{1,9})(?:(,)(\d{0,9}))?\}/y;
const bracedEscapes = new Set(['p', 'P', 'x', 'u', 'k']);

/** Index just past the character class that opens at `start` (`[`), escapes and a leading `]` included. */
function classEnd(pattern: string, start: number): number {
  let index = start + 1;
  if (pattern[index] === '^') index += 1;
  if (pattern[index] === ']') index += 1;
  while (index < pattern.length && pattern[index] !== ']') index += pattern[index] === '\\' ? 2 : 1;
  return index + 1;
}

/** Index just past the escape that opens at `start` (`\`), including `\p{...}`, `\u{...}`, `\k<...>`. */
function escapeEnd(pattern: string, start: number): number {
  const next = pattern[start + 2];
  if (bracedEscapes.has(pattern[start + 1] ?? '') && (next === '{' || next === '<')) {
    const close = pattern.indexOf(next === '{' ? '}' : '>', start + 3);
    return close < 0 ? pattern.length : close + 1;
  }
  return start + 2;
}

/**
 * An upper estimate of the compiled program's size, read from the text: each atom costs one
 * instruction, a group two more, and a counted repeat `{n,m}` copies what it repeats up to twice
 * per count (an optional copy is a branch plus the copy), nested repeats multiplying.
 */
export function estimateProgramSize(pattern: string): number {
  const frames = [{ size: 0, last: 0 }];
  let index = 0;
  while (index < pattern.length) {
    const frame = frames[frames.length - 1]!;
    const char = pattern[index]!;
    countedRepeat.lastIndex = index;
    const repeat = char === '{' ? countedRepeat.exec(pattern) : null;
    if (repeat) {
      const min = Number(repeat[1]);
      const max = repeat[2] === undefined ? min : repeat[3] ? Number(repeat[3]) : min + 1;
      const copied = frame.last * Math.max(min, max, 1) * 2;
      frame.size += copied - frame.last;
      frame.last = copied;
      index = countedRepeat.lastIndex;
    } else if (char === '(') {
      frames.push({ size: 2, last: 0 });
      index += 1;
    } else if (char === ')' && frames.length > 1) {
      frames.pop();
      const parent = frames[frames.length - 1]!;
      parent.size += frame.size;
      parent.last = frame.size;
      index += 1;
    } else {
      frame.size += 1;
      frame.last = char === '|' ? 0 : 1;
      index = char === '[' ? classEnd(pattern, index) : char === '\\' ? escapeEnd(pattern, index) : index + 1;
    }
  }
  return frames.reduce((total, frame) => total + frame.size, 0);
}

function programSizeOf(compiled: RE2JS): number {
  // `prog` is typed `any` by re2js; numInst() is the Go RE2 API it ports.
  return (compiled.re2().prog as { numInst(): number }).numInst();
}

/**
 * Compiles a regular expression a client wrote, in the JavaScript syntax JSON Schema uses, for the
 * RE2 engine: matching is linear in the text and never backtracks, so no input can stall the event
 * loop. This is the one door through which a client's pattern reaches a regex engine; never pass one
 * to `new RegExp`.
 * @throws ClientPatternError when the pattern is longer than {@link clientPatternLimits}, would compile
 *   to too large a program, or is not RE2 syntax (backreferences and lookaround are not)
 */
export function compileClientPattern(source: string): ClientPattern {
  const { maxLength, maxProgramSize } = clientPatternLimits;
  if (source.length > maxLength) {
    throw new ClientPatternError(`is longer than ${maxLength} characters`);
  }
  if (estimateProgramSize(source) > maxProgramSize) {
    throw new ClientPatternError(`repeats too much: it would compile to more than ${maxProgramSize} steps`);
  }
  let compiled: RE2JS;
  try {
    compiled = RE2JS.compile(RE2JS.translateRegExp(source));
  } catch (error) {
    const reason = (error as Error).message.replace(/^error parsing regexp: /, '');
    throw new ClientPatternError(
      `is not a supported regular expression (${reason}); backreferences and lookaround are not supported`,
    );
  }
  const programSize = programSizeOf(compiled);
  if (programSize > maxProgramSize) {
    throw new ClientPatternError(`repeats too much: it compiles to more than ${maxProgramSize} steps`);
  }
  return { source, programSize, test: (text) => compiled.test(text) };
}
