import { truncateText } from '@renum/contracts';
import type { OfflineLanguage } from './language.ts';
import type { PromptToolResult } from './prompt-view.ts';

const maxSnippetLength = 300;

type JsonRecord = Record<string, unknown>;

function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function snippet(value: unknown): string {
  const text = (typeof value === 'string' ? value : JSON.stringify(value)).replace(/\s+/g, ' ').trim();
  return truncateText(text, maxSnippetLength, { ellipsis: '…' });
}

function parseMaybeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function stringField(value: JsonRecord, ...keys: string[]): string | undefined {
  for (const key of keys) {
    const field = value[key];
    if (typeof field === 'string' && field.trim() !== '') return field;
  }
  return undefined;
}

function summarizeSearch(items: unknown[], language: OfflineLanguage): string {
  const lines = items.slice(0, 3).map((item, index) => {
    const record = isRecord(item) ? item : {};
    const title = stringField(record, 'title', 'name') ?? snippet(item);
    const url = stringField(record, 'url', 'link');
    return `${index + 1}. ${title}${url === undefined ? '' : ` (${url})`}`;
  });
  const heading =
    language === 'pt' ? `Encontrei ${items.length} resultado(s):` : `I found ${items.length} result(s):`;
  return items.length === 0
    ? language === 'pt'
      ? 'A pesquisa não encontrou resultados.'
      : 'The search found no results.'
    : [heading, ...lines].join('\n');
}

function summarizeValue(toolName: string, value: unknown, language: OfflineLanguage): string {
  const pt = language === 'pt';
  if (isRecord(value) && 'expression' in value && 'result' in value) {
    const expression = String(value.expression);
    const result = String(value.result);
    return pt ? `O resultado de ${expression} é ${result}.` : `The result of ${expression} is ${result}.`;
  }
  if (isRecord(value) && typeof value.time === 'string' && typeof value.date === 'string') {
    const zone = stringField(value, 'timezone') ?? 'UTC';
    return pt
      ? `Agora são ${value.time} de ${value.date} (${zone}).`
      : `It is now ${value.time} on ${value.date} (${zone}).`;
  }
  const results = Array.isArray(value)
    ? value
    : isRecord(value) && Array.isArray(value.results)
      ? value.results
      : null;
  if (results !== null) return summarizeSearch(results, language);
  if (isRecord(value)) {
    const content = stringField(value, 'markdown', 'content', 'text');
    const url = stringField(value, 'url', 'source');
    if (content !== undefined) {
      const from = url === undefined ? '' : pt ? ` de ${url}` : ` from ${url}`;
      return pt
        ? `Conteúdo extraído${from}: ${snippet(content)}`
        : `Extracted content${from}: ${snippet(content)}`;
    }
    const fact = stringField(value, 'fact', 'memory');
    if (fact !== undefined) return pt ? `Anotado, vou lembrar: ${fact}.` : `Noted, I will remember: ${fact}.`;
  }
  return pt
    ? `A ferramenta ${toolName} retornou: ${snippet(value)}`
    : `The tool ${toolName} returned: ${snippet(value)}`;
}

function summarizeResult(result: PromptToolResult, language: OfflineLanguage): string {
  const { output, toolName } = result;
  const pt = language === 'pt';
  switch (output.type) {
    case 'error-text':
    case 'error-json': {
      const message = snippet(output.value);
      return pt ? `A ferramenta ${toolName} falhou: ${message}` : `The tool ${toolName} failed: ${message}`;
    }
    case 'execution-denied': {
      const reason = output.reason === undefined ? '' : `: ${output.reason}`;
      return pt
        ? `A execução da ferramenta ${toolName} foi negada${reason}.`
        : `Running ${toolName} was denied${reason}.`;
    }
    case 'text':
      return summarizeValue(toolName, parseMaybeJson(output.value), language);
    case 'json':
      return summarizeValue(toolName, output.value, language);
    case 'content': {
      const text = output.value.flatMap((item) => (item.type === 'text' ? [item.text] : [])).join('\n');
      return summarizeValue(toolName, parseMaybeJson(text), language);
    }
  }
}

/**
 * Answers from the tool results that follow the user's message, one paragraph per result: a calculation
 * as "The result of <expression> is <value>.", a time as "It is now <time> on <date> (<zone>).", search
 * results as a numbered list of the first three titles and URLs, scraped content as a snippet, a stored
 * memory as a confirmation, a failure or a denial as such, anything else as a short JSON snippet.
 */
export function summarizeToolResults(
  results: readonly PromptToolResult[],
  language: OfflineLanguage,
): string {
  return results.map((result) => summarizeResult(result, language)).join('\n\n');
}
