/**
 * A placeholder: `{{name}}`, spaces inside the braces allowed. The name is whatever lies between the
 * braces, trimmed; it may not contain a brace, so a match never spans two placeholders. No lazy
 * quantifier either, which keeps the scan linear on long prompts.
 */
const placeholderPattern = /\{\{([^{}]*)\}\}/g;

/** Calls `visit` with the trimmed name of each placeholder of `text`, in order. */
export function forEachPlaceholder(text: string, visit: (name: string) => void): void {
  for (const match of text.matchAll(placeholderPattern)) visit((match[1] ?? '').trim());
}

/**
 * Replaces every placeholder of `text` with what `valueFor` returns for its trimmed name. One pass:
 * what a value holds is never scanned again, and `$` in a value is literal.
 */
export function replacePlaceholders(text: string, valueFor: (name: string) => string): string {
  return text.replace(placeholderPattern, (_match, inner: string) => valueFor(inner.trim()));
}

/** The variable names `text` uses (`{{contact.name}}` gives `contact.name`), each once, in order of first use. */
export function listVariables(text: string): string[] {
  const names = new Set<string>();
  forEachPlaceholder(text, (name) => names.add(name));
  return [...names];
}

/**
 * The variable names of `text` that are not known, each once, in order of first use. `known` is a
 * list of names or a predicate (templates accept any `config.<key>`, for instance). A name is only
 * ever compared as a string, so `{{__proto__}}` or `{{constructor}}` are just unknown names.
 */
export function findUnknownVariables(options: {
  text: string;
  known: Iterable<string> | ((name: string) => boolean);
}): string[] {
  const { known } = options;
  if (typeof known === 'function') return listVariables(options.text).filter((name) => !known(name));
  const names = new Set(known);
  return listVariables(options.text).filter((name) => !names.has(name));
}
