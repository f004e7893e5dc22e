import { z } from 'zod';

/** Languages a company can choose for its screens and its agents' default answers. */
export const clientLanguageSchema = z.enum(['en', 'pt-BR']);
export type ClientLanguage = z.infer<typeof clientLanguageSchema>;

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    // Intl throws a RangeError for an unknown zone: that is the answer, not a failure to report.
    return false;
  }
}

/**
 * Body of `PATCH /v1/client`: the caller's company name, language and time zone (owners and admins).
 * `language` and `timezone` are kept in the client's `settings`.
 */
export const updateClientSettingsSchema = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    language: clientLanguageSchema.optional(),
    timezone: z
      .string()
      .trim()
      .min(1)
      .max(64)
      .refine(isTimeZone, 'must be an IANA time zone such as America/Sao_Paulo')
      .optional(),
  })
  .strict()
  .refine((value) => Object.keys(value).length > 0, 'give at least one of name, language, timezone');
export type UpdateClientSettings = z.infer<typeof updateClientSettingsSchema>;

/** Query of `GET /v1/contacts`. */
export const listContactsQuerySchema = z.object({
  /** Case-insensitive part of the name, phone, email or external id. */
  q: z.string().trim().min(1).max(200).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export type ListContactsQuery = z.infer<typeof listContactsQuerySchema>;
