/**
 * A step's result as the shared context keeps it: the agent's JSON when its final text is a JSON object
 * or array (a fenced ```json block included), so `agent_<id>_result.category` reads a field; else the text.
 */
export function parseStepResult(text: string): unknown {
  const json = parseJsonAnswer(text);
  return json !== undefined && json !== null && typeof json === 'object' ? json : text;
}

/** The JSON value of an answer (whole text, or one fenced block), or undefined when it is not JSON. */
export function parseJsonAnswer(text: string): unknown {
  const trimmed = text.trim();
  const fenced = /^```(?:json)?\s*\n([\s\S]*?)\n?```$/i.exec(trimmed);
  const body = fenced?.[1] ?? trimmed;
  if (!/^[[{"\-\d]|^(true|false|null)$/.test(body.trim())) return undefined;
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined; // not JSON: the step's result is its text
  }
}

/** A result as text for a later step's prompt: text as it is, JSON as compact JSON. */
export function resultText(result: unknown): string {
  if (typeof result === 'string') return result;
  return JSON.stringify(result ?? null);
}
