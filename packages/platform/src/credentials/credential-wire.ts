import { AppError, credentialServiceFields, isUuid } from '@renum/contracts';
import { credentials, type Transaction } from '@renum/db';
import { mask } from '@renum/vault';
import { eq } from 'drizzle-orm';

/** Wire form of a credential: never the secret, only the masked hint. */
export function credentialToWire(row: typeof credentials.$inferSelect) {
  return {
    id: row.id,
    service: row.service,
    name: row.name,
    agent_id: row.agent_id,
    fields: row.field_names,
    masked: row.masked,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
    last_used_at: row.last_used_at?.toISOString() ?? null,
  };
}

/** Checks a known service's secret fields (`400 VALIDATION_ERROR` naming the field); free-form otherwise. */
export function validateSecretFields(
  service: string,
  secret: Record<string, string>,
): Record<string, string> {
  const schema = credentialServiceFields[service as keyof typeof credentialServiceFields];
  if (!schema) return secret;
  const parsed = schema.safeParse(secret);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.length ? `secret.${issue.path.join('.')}` : 'secret';
    // The message names the field, never the value.
    throw new AppError(
      'VALIDATION_ERROR',
      `Invalid ${field} for ${service}: ${issue?.message ?? 'invalid'}`,
      {
        context: { field },
      },
    );
  }
  return parsed.data as Record<string, string>;
}

/** The masked hint of a secret: its main field's last characters. */
export function maskedHint(secret: Record<string, string>): string {
  const main =
    secret.api_key ??
    secret.access_token ??
    secret.token ??
    secret.password ??
    Object.values(secret)[0] ??
    '';
  return mask(main);
}

/** Loads a credential in the client scope, or throws `404 CREDENTIAL_NOT_FOUND`. */
export async function loadCredential(tx: Transaction, credentialId: string) {
  const notFound = new AppError('CREDENTIAL_NOT_FOUND', 'Credential not found', {
    context: { credential_id: credentialId },
  });
  if (!isUuid(credentialId)) throw notFound;
  const [row] = await tx.select().from(credentials).where(eq(credentials.id, credentialId.toLowerCase()));
  if (!row) throw notFound;
  return row;
}
