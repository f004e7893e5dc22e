import { normalizeText } from '../../routing/normalize-text.ts';
import { extractArithmeticExpression } from './extract-arithmetic-expression.ts';
import type { OfflineLanguage } from './language.ts';

/** Kinds of request the offline model recognises as asking for a tool. */
export type OfflineToolIntent = 'web_scrape' | 'remember' | 'calculator' | 'current_time' | 'web_search';

/** A recognised request: which kind of tool, and the arguments parsed from the message (most important first). */
export interface DetectedToolIntent {
  /** The kind of tool asked for. */
  readonly intent: OfflineToolIntent;
  /** Arguments for the tool, before they are fitted to its schema. */
  readonly values: Record<string, unknown>;
}

/**
 * Tool names each intent maps to, in order of preference; the first one the call offers is used. Override
 * per provider with the `toolNames` setting.
 */
export const defaultOfflineToolNames: Readonly<Record<OfflineToolIntent, readonly string[]>> = {
  web_scrape: ['web_scrape', 'scrape', 'scrape_url', 'firecrawl_scrape', 'extract_url'],
  remember: ['remember', 'save_memory', 'memorize'],
  calculator: ['calculator', 'calculate', 'calc'],
  current_time: ['current_time', 'get_current_time', 'time_now'],
  web_search: ['web_search', 'search', 'search_web', 'internet_search', 'tavily_search'],
};

/** Intents in the order they are tried; the first one detected whose tool is offered wins. */
export const offlineToolIntentOrder: readonly OfflineToolIntent[] = [
  'web_scrape',
  'remember',
  'calculator',
  'current_time',
  'web_search',
];

const urlPattern = /https?:\/\/[^\s<>"'`]+/i;
const scrapeVerbs = /\b(scrape|scrap|extract|crawl|fetch|read|raspe|raspar|extraia|extrair|leia|ler)\b/;
const rememberPattern =
  /\b(?:please\s+)?(?:remember|memorize|lembre(?:-se)?|guarde|anote)\b(?:\s+(?:that|de que|que|de|disso|isso))?[\s:,]*/i;
const rememberQuestion = /\b(do you remember|voce (se )?lembra)\b/;
const calculationVerbs =
  /\b(calculate|calc|compute|solve|what is|what s|whats|how much is|calcule|calcular|calcula|resolva|quanto e|quanto da|quanto sao|quanto fica)\b/;
const timePhrases =
  /\b(what time|time is it|current time|time now|time in|what day is it|today s date|que horas?|hora atual|horas sao|horario atual|horario de agora|hora agora|que dia e hoje|data de hoje)\b/;
const searchPattern =
  /\b(?:search(?:\s+(?:the\s+)?(?:web|internet|online))?(?:\s+for)?|look\s+up|google|pesquise|pesquisar|busque|buscar|procure|procurar)\b/i;
const queryLeadIn =
  /^(?:(?:for|about|on|the web for|online for|sobre|por|na internet|na web|no google|a respeito de|informa[cç][oõ]es sobre)\s+)+/i;

const cityTimezones: ReadonlyArray<readonly [RegExp, string]> = [
  [/\b(sao paulo|brasilia|rio de janeiro|brasil|brazil)\b/, 'America/Sao_Paulo'],
  [/\bmanaus\b/, 'America/Manaus'],
  [/\b(lisboa|lisbon|portugal)\b/, 'Europe/Lisbon'],
  [/\b(londres|london)\b/, 'Europe/London'],
  [/\bparis\b/, 'Europe/Paris'],
  [/\b(nova york|new york)\b/, 'America/New_York'],
  [/\b(toquio|tokyo)\b/, 'Asia/Tokyo'],
  [/\b(utc|gmt)\b/, 'UTC'],
];

function trimSentence(text: string): string {
  return text
    .replace(/^[\s:,;-]+/, '')
    .replace(/[\s?!.,;:]+$/, '')
    .trim();
}

function detectScrape(text: string, normalized: string): DetectedToolIntent | null {
  const url = urlPattern.exec(text)?.[0].replace(/[.,;:!?)]+$/, '');
  if (url === undefined || !scrapeVerbs.test(normalized)) return null;
  return { intent: 'web_scrape', values: { url } };
}

function detectRemember(text: string, normalized: string): DetectedToolIntent | null {
  if (rememberQuestion.test(normalized)) return null;
  const match = rememberPattern.exec(text);
  if (match === null) return null;
  const fact = trimSentence(text.slice(match.index + match[0].length));
  return fact === '' ? null : { intent: 'remember', values: { fact } };
}

function detectCalculation(
  text: string,
  normalized: string,
  language: OfflineLanguage,
): DetectedToolIntent | null {
  if (!calculationVerbs.test(normalized)) return null;
  const expression = extractArithmeticExpression(text, language);
  return expression === null ? null : { intent: 'calculator', values: { expression } };
}

function detectTime(text: string, normalized: string): DetectedToolIntent | null {
  if (!timePhrases.test(normalized)) return null;
  const iana = /\b([A-Z][A-Za-z_]+(?:\/[A-Z][A-Za-z_-]+)+)\b/.exec(text)?.[1];
  const timezone = iana ?? cityTimezones.find(([pattern]) => pattern.test(normalized))?.[1];
  return { intent: 'current_time', values: { timezone } };
}

function detectSearch(text: string): DetectedToolIntent | null {
  const match = searchPattern.exec(text);
  if (match === null) return null;
  const rest = trimSentence(text.slice(match.index + match[0].length)).replace(queryLeadIn, '');
  const query = trimSentence(rest) || trimSentence(text);
  return { intent: 'web_search', values: { query } };
}

/**
 * Finds every tool request in a user message, in {@link offlineToolIntentOrder}: a URL with
 * scrape/extract/extraia → `web_scrape { url }`; remember/lembre (not "do you remember") → `remember
 * { fact }`; calculate/calcule/quanto é/what is + an arithmetic expression → `calculator { expression }`;
 * what time/que horas/hora atual → `current_time { timezone? }` (an IANA name or a known city in the
 * message); search/pesquise/busque/procure → `web_search { query }`.
 */
export function detectToolIntents(text: string, language: OfflineLanguage): DetectedToolIntent[] {
  const normalized = normalizeText(text);
  const detected = [
    detectScrape(text, normalized),
    detectRemember(text, normalized),
    detectCalculation(text, normalized, language),
    detectTime(text, normalized),
    detectSearch(text),
  ];
  return detected.filter((intent): intent is DetectedToolIntent => intent !== null);
}
