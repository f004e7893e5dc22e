import { truncateText } from '@renum/contracts';
import type { JsonValue } from '../cache/stable-json.ts';

/** Cuts `text` to at most `maxChars` without splitting a character, saying how much was left out. */
export function trimText(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const kept = truncateText(text, maxChars);
  return `${kept}… [${text.length - kept.length} more characters]`;
}

function capValue(value: JsonValue, maxString: number, maxItems: number): JsonValue {
  if (typeof value === 'string') return trimText(value, maxString);
  if (Array.isArray(value)) {
    const items: JsonValue[] = (value as readonly JsonValue[])
      .slice(0, maxItems)
      .map((item) => capValue(item, maxString, maxItems));
    if (value.length > maxItems) items.push(`[${value.length - maxItems} more items]`);
    return items;
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, capValue(item, maxString, maxItems)]),
    );
  }
  return value;
}

/** Successively tighter caps on strings and arrays tried before falling back to cut text. */
const passes: readonly (readonly [maxString: number, maxItems: number])[] = [
  [4_000, 50],
  [1_000, 20],
  [250, 10],
];

/**
 * Shapes a result to fit `maxChars` of JSON for the model: unchanged when it fits, else long strings and
 * arrays are cut (with a note of what was left out) ever more tightly, and as a last resort the JSON text
 * itself is cut and returned as a string.
 */
export function trimForModel(value: JsonValue, maxChars: number): JsonValue {
  const text = JSON.stringify(value);
  if (text.length <= maxChars) return value;
  for (const [maxString, maxItems] of passes) {
    const capped = capValue(value, maxString, maxItems);
    if (JSON.stringify(capped).length <= maxChars) return capped;
  }
  return trimText(text, maxChars);
}
