import { AppError, type WorkflowDefinition } from '@renum/contracts';
import { agents, type Transaction } from '@renum/db';
import { compileClientJsonSchema } from '@renum/tools';
import { validateWorkflow } from '@renum/workflows';
import { inArray } from 'drizzle-orm';

/**
 * Validates a definition against the client's agents (the transaction's scope, so another client's agent
 * is unknown), answering every problem at once: `400 VALIDATION_ERROR` with `details` of `{ field,
 * message, step }`, the first problem in the message.
 */
export async function checkWorkflow(
  tx: Transaction,
  definition: WorkflowDefinition,
  /** The ids of the definition's agents that exist in the client, when the caller read them already. */
  knownAgentIds?: ReadonlySet<string>,
): Promise<void> {
  const problems = await workflowProblems(tx, definition, knownAgentIds);
  const first = problems[0];
  if (!first) return;
  throw new AppError('VALIDATION_ERROR', `Invalid ${first.field}: ${first.message}`, {
    context: { details: problems },
  });
}

/** The problems of a definition (none: it can run), with fields under `workflow_definition`. */
export async function workflowProblems(
  tx: Transaction,
  definition: WorkflowDefinition,
  knownAgentIds?: ReadonlySet<string>,
) {
  const problems = validateWorkflow({
    definition,
    knownAgentIds: knownAgentIds ?? (await readKnownAgentIds(tx, definition)),
    checkOutputSchema: (schema) => {
      const compiled = compileClientJsonSchema(schema);
      return compiled.ok
        ? []
        : compiled.problems.map(
            (problem) => `${problem.path.length > 0 ? `${problem.path.join('.')}: ` : ''}${problem.message}`,
          );
    },
  });
  return problems.map((problem) => ({ ...problem, field: `workflow_definition.${problem.field}` }));
}

/** The ids of the definition's agents that exist in the transaction's client. */
async function readKnownAgentIds(tx: Transaction, definition: WorkflowDefinition): Promise<Set<string>> {
  const ids = definitionAgentIds(definition);
  const found =
    ids.length === 0 ? [] : await tx.select({ id: agents.id }).from(agents).where(inArray(agents.id, ids));
  return new Set(found.map((agent) => agent.id));
}

/** The distinct agent ids a definition names (lower case). */
function definitionAgentIds(definition: WorkflowDefinition): string[] {
  return [...new Set(definition.agents.map((step) => step.agent_id.toLowerCase()))];
}
