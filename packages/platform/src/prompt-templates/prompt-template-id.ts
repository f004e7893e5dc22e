import { AppError, type ErrorCode, isUuid } from '@renum/contracts';
import { promptTemplates, type Transaction } from '@renum/db';
import { eq } from 'drizzle-orm';

/**
 * Code of a template (or template version) that does not exist or belongs to another client.
 * `NOT_FOUND` until `PROMPT_TEMPLATE_NOT_FOUND` joins the error table; then only this line changes.
 */
export const promptTemplateNotFoundCode: ErrorCode = 'PROMPT_TEMPLATE_NOT_FOUND';

/** Checks a template id's form: a malformed one is `400 VALIDATION_ERROR`. */
export function parsePromptTemplateId(templateId: string): string {
  if (!isUuid(templateId)) {
    throw new AppError('VALIDATION_ERROR', 'Invalid prompt template id: it must be a UUID', {
      context: { field: 'id', prompt_template_id: templateId },
    });
  }
  return templateId.toLowerCase();
}

/** Not found, for a template that does not exist or belongs to another client (never 403). */
export function promptTemplateNotFound(templateId: string, version?: number): AppError {
  return new AppError(promptTemplateNotFoundCode, 'Prompt template not found', {
    context: { prompt_template_id: templateId, ...(version === undefined ? {} : { version }) },
  });
}

/**
 * Loads a template visible in the transaction's client scope, or throws not found. With `lock`,
 * the row is locked until the transaction ends (version numbering and deletion serialise on it).
 */
export async function loadPromptTemplate(
  tx: Transaction,
  templateId: string,
  options: { lock?: boolean } = {},
) {
  const id = parsePromptTemplateId(templateId);
  const query = tx.select().from(promptTemplates).where(eq(promptTemplates.id, id));
  const [template] = options.lock ? await query.for('update') : await query;
  if (!template) throw promptTemplateNotFound(templateId);
  return template;
}

/** True when `error` (or its cause) is the unique violation of a client's template names. */
export function isTemplateNameConflict(error: unknown): boolean {
  const constraint = 'prompt_templates_client_id_name_key';
  for (let current: unknown = error; current instanceof Error; current = current.cause) {
    if ((current as { constraint?: unknown }).constraint === constraint) return true;
    if (current.message.includes(constraint)) return true;
  }
  return false;
}

/** `409 CONFLICT` for a name another template of the client already has. */
export function templateNameTaken(name: string): AppError {
  return new AppError('CONFLICT', 'A prompt template with this name already exists', {
    context: { field: 'name', name },
  });
}
