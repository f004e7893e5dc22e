import { TOPIC_ANALYSIS_NO_TOPIC } from '../../routing/topic-analysis-prompt.ts';
import { answerTopicAnalysis } from './answer-topic-analysis.ts';
import { composeDefaultAnswer } from './compose-default-answer.ts';
import type { ToolInputSchema } from './conform-tool-input.ts';
import type { OfflineLanguage } from './language.ts';

/**
 * The part of JSON Schema the offline model answers: what it reads of a tool's input schema
 * ({@link ToolInputSchema}), plus the keywords a structured answer must keep to.
 */
export interface StructuredSchema extends ToolInputSchema {
  readonly properties?: Readonly<Record<string, StructuredSchema | boolean>>;
  readonly items?: StructuredSchema | boolean | readonly (StructuredSchema | boolean)[];
  readonly const?: unknown;
  readonly anyOf?: readonly (StructuredSchema | boolean)[];
  readonly oneOf?: readonly (StructuredSchema | boolean)[];
  readonly minItems?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minimum?: number;
  readonly exclusiveMinimum?: number;
  readonly maximum?: number;
}

/** How deep a schema is followed; deeper parts are answered with null. */
const maxDepth = 8;

/**
 * The offline model's answer to a structured-output request: a value that fits `schema`, chosen from the
 * question. A string enum gets the value the question is about, as a topic analysis would choose it
 * (its words, else the concept lexicon: "fatura" → `billing`), or its first value when none relates; an
 * object gets each of its properties; other strings get the default answer within their length limits;
 * numbers their minimum (or 0); booleans false; arrays their fewest items. Deterministic, like the rest
 * of the offline model, so a team's classifier step branches the same way every time.
 */
export function answerStructured(
  schema: StructuredSchema,
  question: string,
  language: OfflineLanguage,
): unknown {
  return valueFor(schema, { question, language }, 0);
}

interface Asked {
  question: string;
  language: OfflineLanguage;
}

function valueFor(definition: StructuredSchema | boolean | undefined, asked: Asked, depth: number): unknown {
  if (definition === undefined || typeof definition === 'boolean' || depth > maxDepth) return null;
  const schema = definition;
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return enumValue(schema.enum, asked);
  const option = schema.anyOf?.[0] ?? schema.oneOf?.[0];
  if (option !== undefined) return valueFor(option, asked, depth + 1);
  switch (typeOf(schema)) {
    case 'object':
      return objectValue(schema, asked, depth);
    case 'array':
      return arrayValue(schema, asked, depth);
    case 'string':
      return stringValue(schema, asked);
    case 'number':
    case 'integer':
      return numberValue(schema);
    case 'boolean':
      return false;
    default:
      return null;
  }
}

function typeOf(schema: StructuredSchema): string | undefined {
  const type = typeof schema.type === 'string' ? schema.type : schema.type?.find((name) => name !== 'null');
  return type ?? (schema.properties ? 'object' : schema.items ? 'array' : undefined);
}

function enumValue(values: readonly unknown[], asked: Asked): unknown {
  const topics = values.filter((value): value is string => typeof value === 'string');
  const chosen = answerTopicAnalysis({ message: asked.question, topics });
  return chosen === TOPIC_ANALYSIS_NO_TOPIC ? values[0] : chosen;
}

function objectValue(schema: StructuredSchema, asked: Asked, depth: number): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(schema.properties ?? {}).map(([name, property]) => [
      name,
      valueFor(property, asked, depth + 1),
    ]),
  );
}

function arrayValue(schema: StructuredSchema, asked: Asked, depth: number): unknown[] {
  const items = Array.isArray(schema.items)
    ? schema.items[0]
    : (schema.items as StructuredSchema | undefined);
  return Array.from({ length: schema.minItems ?? 0 }, () => valueFor(items, asked, depth + 1));
}

function stringValue(schema: StructuredSchema, asked: Asked): string {
  const text = composeDefaultAnswer(asked.question, asked.language);
  const clipped = schema.maxLength === undefined ? text : text.slice(0, schema.maxLength);
  return clipped.padEnd(schema.minLength ?? 0, '.');
}

function numberValue(schema: StructuredSchema): number {
  if (schema.minimum !== undefined) return schema.minimum;
  if (schema.exclusiveMinimum !== undefined) return schema.exclusiveMinimum + 1;
  if (schema.maximum !== undefined && schema.maximum < 0) return schema.maximum;
  return 0;
}
