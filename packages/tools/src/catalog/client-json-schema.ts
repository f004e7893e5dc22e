import { z } from 'zod';
import {
  type ClientSchemaPlan,
  type ClientSchemaProblem,
  planClientJsonSchema,
} from './client-json-schema-plan.ts';
import { patternAnnotation } from './client-json-schema-rules.ts';
import { type ClientPattern, clientPatternLimits } from './client-pattern.ts';
import { isRecord } from './json-record.ts';

/** What {@link compileClientJsonSchema} answers: a validator, or every problem with its path. */
export type CompiledClientJsonSchema =
  | { readonly ok: true; readonly validator: z.ZodType<unknown> }
  | { readonly ok: false; readonly problems: readonly ClientSchemaProblem[] };

type Path = (string | number)[];

interface PatternRun {
  readonly plan: ClientSchemaPlan;
  readonly context: z.RefinementCtx;
  spent: number;
}

function checkPattern(pattern: ClientPattern, text: string, path: Path, run: PatternRun): void {
  const cost = pattern.programSize * (text.length + 1);
  if (run.spent + cost > clientPatternLimits.matchBudget) {
    run.spent = Number.POSITIVE_INFINITY;
    const most = Math.floor(clientPatternLimits.matchBudget / pattern.programSize) - 1;
    const message = `Too long to check against the pattern ${pattern.source} (at most ${Math.max(most, 0)} characters in all)`;
    run.context.addIssue({ code: 'custom', path, message, input: text });
    return;
  }
  run.spent += cost;
  if (!pattern.test(text)) {
    run.context.addIssue({
      code: 'custom',
      path,
      message: `Invalid string: must match pattern ${pattern.source}`,
      input: text,
    });
  }
}

function checkObject(
  node: Record<string, unknown>,
  value: Record<string, unknown>,
  path: Path,
  run: PatternRun,
) {
  const properties = isRecord(node.properties) ? node.properties : {};
  for (const key of Object.keys(value)) {
    const schema = Object.hasOwn(properties, key) ? properties[key] : node.additionalProperties;
    checkNode(schema, value[key], [...path, key], run);
  }
}

function checkArray(node: Record<string, unknown>, value: readonly unknown[], path: Path, run: PatternRun) {
  // 2020-12: prefixItems then items; draft 7: an items array then additionalItems.
  const tuple = Array.isArray(node.prefixItems)
    ? node.prefixItems
    : Array.isArray(node.items)
      ? node.items
      : [];
  const rest =
    Array.isArray(node.prefixItems) || !Array.isArray(node.items) ? node.items : node.additionalItems;
  value.forEach((item, index) => {
    checkNode(index < tuple.length ? tuple[index] : rest, item, [...path, index], run);
  });
}

/** Applies the patterns of `node` and of the subschemas that apply to the same value, or to its parts. */
function checkNode(node: unknown, value: unknown, path: Path, run: PatternRun): void {
  if (!isRecord(node) || !run.plan.withPatterns.has(node) || run.spent === Number.POSITIVE_INFINITY) return;
  const pattern = run.plan.patterns.get(node);
  if (pattern && typeof value === 'string') checkPattern(pattern, value, path, run);
  if (run.plan.refs.has(node)) checkNode(run.plan.refs.get(node), value, path, run);
  if (Array.isArray(node.allOf)) for (const schema of node.allOf) checkNode(schema, value, path, run);
  if (isRecord(value)) checkObject(node, value, path, run);
  else if (Array.isArray(value)) checkArray(node, value, path, run);
}

/**
 * Passes every annotation zod records to the global registry (what `z.toJSONSchema`, and so the model,
 * reads), naming the planner's pattern annotation back `pattern`: the model sees the client's pattern
 * while zod never compiles it.
 */
const annotations = {
  add(schema: z.core.$ZodType, meta: Record<string, unknown>) {
    const { [patternAnnotation]: pattern, ...rest } = meta;
    z.globalRegistry.add(schema, pattern === undefined ? rest : { ...rest, pattern });
    return annotations;
  },
};

/**
 * Turns a JSON schema a client wrote into a zod validator that cannot block the process: the schema is
 * size-, depth- and `$ref`-limited (local, acyclic), keywords that cannot be evaluated safely are
 * refused, and every `pattern` is compiled once with RE2 (see `compileClientPattern`) and checked by a
 * refinement with a work budget, so no client string ever reaches `new RegExp`. Compile once (when the
 * schema is saved) and keep the validator; every place where a client writes a schema goes through here.
 */
export function compileClientJsonSchema(schema: unknown): CompiledClientJsonSchema {
  const planned = planClientJsonSchema(schema);
  if (!planned.ok) return planned;
  const { plan } = planned;
  let base: z.ZodType<unknown>;
  try {
    base = z.fromJSONSchema(plan.stripped as z.core.JSONSchema.JSONSchema, {
      registry: annotations as unknown as z.core.$ZodRegistry<z.core.JSONSchemaMeta>,
    });
  } catch (error) {
    return {
      ok: false,
      problems: [{ path: [], message: `is not a supported JSON schema: ${(error as Error).message}` }],
    };
  }
  const validator = base.superRefine((value, context) => {
    checkNode(plan.stripped, value, [], { plan, context, spent: 0 });
  });
  return { ok: true, validator };
}
